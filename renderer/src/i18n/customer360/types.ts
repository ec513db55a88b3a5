import type en from './en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Customer360Resources = Strings<typeof en>;
