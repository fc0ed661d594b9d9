import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import type { GitOpsApplication } from '@tekton-dag/plugin-tekton-dag-common';
import { outOfSyncCount } from '../GitOps';

/** Asks before syncing: a sync changes what runs in the destination. */
export function SyncApplicationDialog(props: {
  app: GitOpsApplication;
  onClose(): void;
  onConfirm(): void;
}) {
  const { app, onClose, onConfirm } = props;
  const outOfSync = outOfSyncCount(app);
  const target = app.targetRevision ?? 'its target revision';
  return (
    <Dialog open onClose={onClose} aria-labelledby="tekton-dag-sync-title">
      <DialogTitle id="tekton-dag-sync-title">Sync {app.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Argo CD applies {target}
          {app.path ? ` of ${app.path}` : ''} to{' '}
          {app.destination?.namespace
            ? `namespace ${app.destination.namespace}`
            : 'the destination'}{' '}
          now, wave by wave.{' '}
          {outOfSync > 0
            ? `${outOfSync} ${
                outOfSync === 1 ? 'resource differs' : 'resources differ'
              } from git.`
            : 'Every resource matches git already.'}
          {app.automated?.prune &&
            ' Pruning is on: resources no longer in git are deleted.'}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="primary" variant="contained" onClick={onConfirm}>
          Sync
        </Button>
      </DialogActions>
    </Dialog>
  );
}
