/**
 * The physical cause of a deviation in a monitoring series, labelled on every reading it affects (from its
 * onset through the recovery): a rain storm, a dam raise and the pore pressure it induces, a blocked drain, a
 * rising phreatic surface, or a snowmelt freshet; `creep` where the inclinometer's shear zone moves at 1 mm/month
 * or faster and 1.5 times its base rate at least while no storm, blocked drain, phreatic rise or freshet is in
 * progress (creep is their effect, so the cause wins; it comes before a raise's label, whose long tail is the
 * raise's slowly dissipating pore pressure). Null on readings with no event in progress. Sensor faults are
 * labelled apart, in `anomaly`.
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
