/**
 * Hands text the API produced (CSV) to the browser as a file to save, through a Blob and a temporary link: the API's
 * text unchanged, behind a byte-order mark so that spreadsheets read Polish letters as UTF-8.
 */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A number as people type it in either language: `12,5` or `12.5`; null when it is not one. */
export function parseNumber(text: string): number | null {
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  if (normalised === '' || !/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}

/** Today in Europe/Warsaw as `YYYY-MM-DD` (the API's day for "not in the future"). */
export function todayInWarsaw(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A chosen file's text (FileReader: what every browser, and the test DOM, has). */
export function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsText(file);
  });
}
