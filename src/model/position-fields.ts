/** The optional measured values of a position that file formats carry as plain numbers and flags. */
export const POSITION_NUMBER_FIELDS = [
  'altitude',
  'speed',
  'course',
  'accuracy',
  'satellites',
  'hdop',
  'vdop',
  'pdop',
  'odometer',
  'power',
] as const;

export const POSITION_FLAG_FIELDS = ['valid', 'ignition', 'motion'] as const;
