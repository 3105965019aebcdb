'use client';

import type { ReactNode } from 'react';
import { ModalDialog } from './modal-dialog';

/** Props of ConfirmDialog. */
export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A yes/no modal for destructive actions; the Cancel button gets the focus so Enter does no harm. */
export function ConfirmDialog({ open, title, confirmLabel, busy, danger, onConfirm, onClose, children }: ConfirmDialogProps) {
  return (
    <ModalDialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy} onClick={onConfirm}>
            {busy ? `${confirmLabel}…` : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </ModalDialog>
  );
}
