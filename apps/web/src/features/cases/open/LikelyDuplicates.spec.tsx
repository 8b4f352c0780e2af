import { screen } from '@testing-library/react';
import { renderWork } from '../work/testing';
import { LikelyDuplicates, LikelyDuplicatesQuery } from './LikelyDuplicates';

const probe = { title: 'Vandalism at the bus stop', district: 'Piaski', address: '', diagnosis: '' };
const answer = (found: { id: string; reference: string; title: string; similarity: number; sameAddress: boolean }[]) => ({
  request: { query: LikelyDuplicatesQuery, variables: { input: { ...probe, first: 5 } } },
  result: {
    data: {
      likelyDuplicates: found.map((f) => ({
        __typename: 'DuplicateCandidate' as const,
        similarity: f.similarity,
        sameAddress: f.sameAddress,
        case: { __typename: 'CaseSummary' as const, id: f.id, reference: f.reference, title: f.title, district: 'Piaski' },
      })),
    },
  },
});

describe('LikelyDuplicates', () => {
  it('offers the cases the API finds, with their similarity and a same-address mark, each a link to the case', async () => {
    renderWork(<LikelyDuplicates probe={probe} />, [answer([{ id: 'c-9', reference: 'KPP/2026/0009', title: 'Bus stop vandalism', similarity: 0.62, sameAddress: true }])]);
    const link = await screen.findByRole('link', { name: 'KPP/2026/0009 Bus stop vandalism' });
    expect(link).toHaveAttribute('title', 'Open KPP/2026/0009 in a new tab');
    expect(link).toHaveAttribute('href', '/cases/c-9');
    expect(screen.getByRole('heading', { name: 'Possible duplicates' })).toBeInTheDocument();
    expect(screen.getByText('Piaski · similarity 62%')).toBeInTheDocument();
    expect(screen.getByText('same address')).toBeInTheDocument();
  });

  it('says when nothing resembles, and asks nothing before a title and a district are typed', async () => {
    renderWork(<LikelyDuplicates probe={probe} />, [answer([])]);
    expect(await screen.findByText('No similar cases found.')).toBeInTheDocument();
    const { container } = renderWork(<LikelyDuplicates probe={{ ...probe, title: 'Va' }} />, []);
    // No mock for this probe: asking would fail the query; nothing is shown and nothing asked.
    expect(container.querySelector('[data-section="LikelyDuplicates"]')).toBeNull();
    expect(screen.getAllByRole('heading', { name: 'Possible duplicates' })).toHaveLength(1);
  });
});
