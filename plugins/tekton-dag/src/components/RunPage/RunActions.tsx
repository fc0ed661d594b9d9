import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import {
  Run,
  RunDetails,
  tektonDagRunCancelPermission,
  tektonDagRunCreatePermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import { CancelRunDialog } from '../CancelRunDialog';
import { RunPipelineDialog } from '../RunPipelineDialog';
import { DeclaredPipeline, rerunAvailability } from './rerunAvailability';

/** A button that is disabled, with the reason as its tooltip, while it cannot be used. */
function GuardedButton(props: {
  disabledReason?: string;
  onClick(): void;
  children: string;
  color?: 'primary' | 'secondary';
}) {
  const button = (
    <Button
      variant="outlined"
      color={props.color ?? 'primary'}
      disabled={props.disabledReason !== undefined}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
  if (props.disabledReason === undefined) return button;
  return (
    <Tooltip title={props.disabledReason}>
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span>{button}</span>
    </Tooltip>
  );
}

function cancelDisabledReason(permission: {
  allowed: boolean;
  loading: boolean;
}) {
  if (permission.loading) return 'Checking whether you may cancel runs…';
  if (!permission.allowed)
    return 'You may not cancel runs of this entity (tekton-dag.run.cancel)';
  return undefined;
}

/**
 * Rerun (as it was, or with changed params) and Cancel, shown to everyone but enabled only for
 * users the permission policy allows; the server checks again.
 */
export function RunActions(props: {
  run: RunDetails;
  /** The run's Pipeline as the entity declares it: its params build the rerun form. */
  pipeline: DeclaredPipeline;
  onStarted(run: Run): void;
  onChanged(): void;
}) {
  const { run, pipeline, onStarted, onChanged } = props;
  const api = useApi(tektonDagApiRef);
  const resourceRef = run.entityRef ?? 'component:default/unknown';
  const create = usePermission({
    permission: tektonDagRunCreatePermission,
    resourceRef,
  });
  const cancel = usePermission({
    permission: tektonDagRunCancelPermission,
    resourceRef,
  });
  const [dialog, setDialog] = useState<'rerun' | 'cancel'>();
  const [error, setError] = useState<string>();
  const active = run.status === 'Running' || run.status === 'Pending';
  const rerun = rerunAvailability({ run, pipeline, permission: create });
  const rerunDisabledReason = rerun.enabled ? undefined : rerun.reason;

  return (
    <Box display="flex" gridGap={8} alignItems="center" flexWrap="wrap">
      <GuardedButton
        disabledReason={rerunDisabledReason}
        onClick={async () => {
          setError(undefined);
          try {
            onStarted(await api.rerun(run.id));
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        Rerun
      </GuardedButton>
      <GuardedButton
        disabledReason={rerunDisabledReason}
        onClick={() => setDialog('rerun')}
      >
        Rerun with changes
      </GuardedButton>
      {active && (
        <GuardedButton
          color="secondary"
          disabledReason={cancelDisabledReason(cancel)}
          onClick={() => setDialog('cancel')}
        >
          Cancel
        </GuardedButton>
      )}
      {error && (
        <Typography role="alert" color="error">
          {error}
        </Typography>
      )}
      {dialog === 'rerun' && rerun.enabled && (
        <RunPipelineDialog
          open
          pipeline={run.pipeline}
          params={rerun.params}
          previous={run.params}
          onClose={() => setDialog(undefined)}
          onSubmit={params => api.rerun(run.id, params)}
          onStarted={onStarted}
        />
      )}
      {dialog === 'cancel' && (
        <CancelRunDialog
          open
          runName={run.name}
          onClose={() => setDialog(undefined)}
          onCancel={async mode => {
            await api.cancel(run.id, mode);
            onChanged();
          }}
        />
      )}
    </Box>
  );
}
