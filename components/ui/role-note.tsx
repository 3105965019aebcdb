'use client';

/** The visible reason the controls next to it are disabled for the signed-in role (nothing when there is none). */
export function RoleNote({ reason }: { reason: string | undefined }) {
  if (!reason) return null;
  return (
    <p className="role-note" data-testid="role-note">
      {reason}
    </p>
  );
}
