/** The English model package of tesseract.js (index.js: `{ code, gzip, langPath }`, no types shipped). */
declare module '@tesseract.js-data/eng' {
  const data: { code: string; gzip: boolean; langPath: string };
  export = data;
}
