import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data migration: version 1 of the shared catalogue of standard indicators (the seminar's "common set of
 * key indicators"), in Polish and English. Later changes are new versions, never edits of these rows.
 */
const CATALOGUE: [code: string, unit: string, direction: string, source: string, cadence: string, namePl: string, nameEn: string, descriptionPl: string, descriptionEn: string][] = [
  ['SAFE_AFTER_DARK', 'PERCENT', 'INCREASE', 'SURVEY', 'SEMIANNUAL', 'Odsetek mieszkańców czujących się bezpiecznie po zmroku', 'Residents feeling safe after dark', 'Odsetek odpowiedzi „bezpiecznie” lub „raczej bezpiecznie” na pytanie o poczucie bezpieczeństwa po zmroku w rejonie.', 'Share of residents answering “safe” or “rather safe” when asked how safe they feel in the area after dark.'],
  ['POLICE_CONFIDENCE', 'PERCENT', 'INCREASE', 'SURVEY', 'SEMIANNUAL', 'Zaufanie do lokalnej Policji', 'Confidence in the local police', 'Odsetek mieszkańców deklarujących zaufanie do Policji w swojej okolicy.', 'Share of residents who say they trust the police in their neighbourhood.'],
  ['OFFICER_RATING', 'SCORE', 'INCREASE', 'SURVEY', 'ANNUAL', 'Ocena pracy dzielnicowego', 'Rating of the neighbourhood officer', 'Średnia ocena pracy dzielnicowego w skali 1–5.', 'Average rating of the neighbourhood officer on a 1–5 scale.'],
  ['WILLINGNESS_TO_REPORT', 'PERCENT', 'INCREASE', 'SURVEY', 'SEMIANNUAL', 'Gotowość do zgłaszania zdarzeń Policji', 'Willingness to report to the police', 'Odsetek mieszkańców, którzy zgłosiliby Policji zauważone przestępstwo lub wykroczenie.', 'Share of residents who would report a crime or offence they witness to the police.'],
  ['POLICE_INTERVENTIONS', 'COUNT', 'DECREASE', 'POLICE_RECORDS', 'MONTHLY', 'Liczba interwencji Policji w sprawie problemu', 'Police interventions for the problem', 'Liczba interwencji związanych z diagnozowanym problemem w miesiącu.', 'Number of interventions related to the diagnosed problem in a month.'],
  ['THREAT_MAP_REPORTS', 'COUNT', 'DECREASE', 'THREAT_MAP', 'MONTHLY', 'Liczba zgłoszeń na mapie zagrożeń dla rejonu', 'Threat map reports for the area', 'Liczba potwierdzonych zgłoszeń na Krajowej Mapie Zagrożeń Bezpieczeństwa dla rejonu w miesiącu.', 'Number of confirmed reports on the national threat map for the area in a month.'],
  ['REPEAT_INCIDENTS', 'COUNT', 'DECREASE', 'POLICE_RECORDS', 'MONTHLY', 'Liczba powtarzających się zdarzeń w miejscu', 'Repeat incidents at the location', 'Liczba zdarzeń w tym samym miejscu po pierwszym zgłoszeniu, w miesiącu.', 'Number of incidents at the same location after the first report, in a month.'],
  ['ACTIVE_PARTNERS', 'COUNT', 'INCREASE', 'PARTNER_REPORT', 'QUARTERLY', 'Liczba aktywnie zaangażowanych partnerów', 'Partner organisations actively involved', 'Liczba organizacji partnerskich, które w kwartale wykonały zadanie lub złożyły wkład.', 'Number of partner organisations that did a task or submitted input in the quarter.'],
  ['REQUESTS_ANSWERED_ON_TIME', 'PERCENT', 'INCREASE', 'PARTNER_REPORT', 'QUARTERLY', 'Odsetek próśb partnerów z odpowiedzią w uzgodnionym czasie', 'Partner requests answered within the agreed time', 'Odsetek próśb o zadania między organizacjami, na które odpowiedziano w uzgodnionym terminie.', 'Share of task requests between organisations answered within the agreed time.'],
  ['OUTCOME_SATISFACTION', 'PERCENT', 'INCREASE', 'SURVEY', 'ANNUAL', 'Zadowolenie mieszkańców z efektów działań', 'Residents’ satisfaction with the outcome', 'Odsetek mieszkańców zadowolonych z efektów wspólnych działań w ich okolicy.', 'Share of residents satisfied with the outcome of joint action in their area.'],
];

export class IndicatorCatalogueV11795860139524 implements MigrationInterface {
  name = 'IndicatorCatalogueV11795860139524';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [code, unit, direction, source, cadence, namePl, nameEn, descriptionPl, descriptionEn] of CATALOGUE) {
      await queryRunner.query(
        `INSERT INTO indicator_catalogue (code, version, unit, direction, source, cadence, name_pl, name_en, description_pl, description_en)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [code, unit, direction, source, cadence, namePl, nameEn, descriptionPl, descriptionEn],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM indicator_catalogue WHERE version = 1 AND code = ANY($1)', [CATALOGUE.map((c) => c[0])]);
  }
}
