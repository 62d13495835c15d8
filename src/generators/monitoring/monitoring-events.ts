/**
 * The physical cause of a deviation in a monitoring series, labelled on every reading it affects (from its
 * onset through the recovery): a rain storm, a dam raise and the pore pressure it induces, a blocked drain, a
 * rising phreatic surface, or a snowmelt freshet; `creep` where the inclinometer's shear zone moves at the alert
 * rate or faster and twice its base rate at least while none of those is in progress (creep is their effect, so
 * the cause wins). Null on readings with no event in progress. Sensor faults are labelled apart, in `anomaly`.
 */
export const MONITORING_EVENTS = [
  'storm',
  'raise',
  'drain_blockage',
  'phreatic_rise',
  'freshet',
  'creep',
] as const
export type MonitoringEvent = (typeof MONITORING_EVENTS)[number]
