import { screen, within } from '@testing-library/react';
import { OrganisationsSection } from './OrganisationsSection';
import { NGO, POLICE, org, organisationsMock, renderWithApi } from './test-utils';

describe('organisations', () => {
  it('shows the partnership as a tree with kind and area', async () => {
    const station = org('0b0b0b0b-0000-4000-8000-000000000011', 'Posterunek Jabłonna', { kind: 'POLICE_UNIT', parentId: POLICE.id, area: 'Jabłonna' });
    renderWithApi(<OrganisationsSection />, { mocks: [organisationsMock([station, NGO, POLICE])], language: 'pl' });
    const tree = await screen.findByTestId('org-tree');
    const roots = within(tree).getAllByTestId('org').filter((el) => el.dataset.level === '0');
    expect(roots.map((el) => el.dataset.org)).toEqual(['KPP Legionowo', 'Piaski Sąsiedzi']);
    const police = roots[0]!;
    const child = within(police).getAllByTestId('org').find((el) => el.dataset.org === 'Posterunek Jabłonna')!;
    expect(child).toHaveAttribute('data-level', '1');
    expect(within(child).getByText('Jednostka policji')).toBeInTheDocument();
    expect(within(child).getByText('Obszar: Jabłonna')).toBeInTheDocument();
    expect(within(roots[1]!).getByText('Organizacja pozarządowa')).toBeInTheDocument();
  });
});
