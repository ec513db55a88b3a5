export const exportTypes = ['customers', 'products', 'sales', 'shops', 'events'] as const;
export type ExportType = (typeof exportTypes)[number];

export const isExportType = (value: string): value is ExportType => (exportTypes as readonly string[]).includes(value);

export type CustobarRecord = Record<string, unknown>;
