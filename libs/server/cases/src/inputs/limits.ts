/** The longest free text a case holds in one field (diagnosis, goal, update body, partner input, notes…). */
export const LONG_TEXT = 5000;
