// A time zone as answered: its offset and abbreviation right now (they change with DST).
export interface Zone {
  name: string;
  offset: string;
  offsetMinutes: number;
  region: string;
  city: string;
  abbreviation: string;
}
