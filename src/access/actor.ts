import { AccessDeniedError } from '../errors.js'

/** Roles of the original API: users see and export their own datasets; admins do everything. */
export const ROLES = ['user', 'admin', 'super_admin'] as const
export type Role = (typeof ROLES)[number]

/** Who is asking: the id stored in `created_by`, and a role. */
export interface Actor {
  readonly id: string
  readonly role: Role
}

/** True for `admin` and `super_admin`. */
export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'super_admin'
}

/**
 * Throws unless the actor may change data: only admins create, generate, delete, restore and clean up.
 *
 * ### Examples
 * ```ts
 * assertCanModify({ id: 'u1', role: 'user' }, 'delete datasets') // throws AccessDeniedError
 * ```
 */
export function assertCanModify(actor: Actor, action: string): void {
  if (!isAdmin(actor))
    throw new AccessDeniedError(`Role "${actor.role}" may not ${action}; it needs admin or super_admin`)
}

/** The `created_by` a listing must be limited to: the actor's own id for users, none for admins. */
export function visibleOwner(actor: Actor): string | undefined {
  return isAdmin(actor) ? undefined : actor.id
}
