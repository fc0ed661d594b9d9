import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { CancelMode } from '../../api';

const MODES: Array<{ mode: CancelMode; label: string; help: string }> = [
  {
    mode: 'Cancelled',
    label: 'Cancel',
    help: 'Stop every task now; finally tasks do not run.',
  },
  {
    mode: 'CancelledRunFinally',
    label: 'Cancel, then run finally tasks',
    help: 'Stop running tasks now, then run the finally tasks (e.g. to publish results).',
  },
  {
    mode: 'StoppedRunFinally',
    label: 'Stop gracefully',
    help: 'Let running tasks finish, start no new ones, then run the finally tasks.',
  },
];

/** Cancelling a run in one of Tekton's three ways. */
export function CancelRunDialog(props: {
  open: boolean;
  runName: string;
  onClose(): void;
  onCancel(mode: CancelMode): Promise<unknown>;
}) {
  const { open, runName, onClose, onCancel } = props;
  const [mode, setMode] = useState<CancelMode>('Cancelled');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onCancel(mode);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="tekton-dag-cancel-title"
    >
      <DialogTitle id="tekton-dag-cancel-title">Cancel {runName}</DialogTitle>
      <DialogContent>
        <RadioGroup
          aria-label="How to cancel"
          value={mode}
          onChange={e => setMode(e.target.value as CancelMode)}
        >
          {MODES.map(m => (
            <FormControlLabel
              key={m.mode}
              value={m.mode}
              control={<Radio />}
              label={
                <>
                  <Typography>{m.label}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {m.help}
                  </Typography>
                </>
              }
            />
          ))}
        </RadioGroup>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep running</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={submit}
          disabled={busy}
        >
          Cancel run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
