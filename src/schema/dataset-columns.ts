/** Lifecycle of a dataset: created `pending`, `generating` while it fills, then `completed` or `failed`. */
export const DATASET_STATUSES = ['pending', 'generating', 'completed', 'failed'] as const
export type DatasetStatus = (typeof DATASET_STATUSES)[number]
