/**
 * The physical cause of a deviation in a monitoring series, labelled on every reading it affects (from its
 * onset through the recovery): a rain storm, a dam raise and the pore pressure it induces, a blocked drain, a
 * rising phreatic surface, or a snowmelt freshet. Null on readings with no event in progress. Sensor faults
 * are labelled apart, in `anomaly`.
 */
export const MONITORING_EVENTS = ['storm', 'raise', 'drain_blockage', 'phreatic_rise', 'freshet'] as const
export type MonitoringEvent = (typeof MONITORING_EVENTS)[number]
