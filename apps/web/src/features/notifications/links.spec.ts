import { inAppPath } from './links';

describe('inAppPath', () => {
  const origin = 'https://cg.example.pl';

  it('follows the path of a link on the app’s own origin', () => {
    expect(inAppPath('https://cg.example.pl/cases/7f0c?tab=timeline#u1', '7f0c', origin)).toBe('/cases/7f0c?tab=timeline#u1');
  });

  it('never leaves the origin: a link elsewhere opens the case’s page here, or nothing', () => {
    expect(inAppPath('https://evil.example.com/cases/7f0c', '7f0c', origin)).toBe('/cases/7f0c');
    expect(inAppPath('javascript:alert(1)', null, origin)).toBeNull();
    expect(inAppPath('https://evil.example.com/phish', null, origin)).toBeNull();
  });

  it('has no link when the API gives none (an item no longer accessible)', () => {
    expect(inAppPath(null, null, origin)).toBeNull();
  });
});
