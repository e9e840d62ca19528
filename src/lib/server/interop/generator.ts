import pkg from '../../../../package.json' with { type: 'json' };

/** Named in every export, so readers know which program wrote the file. */
export const GENERATOR = { name: 'Plenair', version: pkg.version } as const;

export const C3VOC_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json';
