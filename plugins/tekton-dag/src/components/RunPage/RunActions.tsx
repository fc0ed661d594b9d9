import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import {
  EntityPipeline,
  Run,
  RunDetails,
  tektonDagRunCancelPermission,
  tektonDagRunCreatePermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import { CancelRunDialog } from '../CancelRunDialog';
import { RunPipelineDialog } from '../RunPipelineDialog';

/** A button that is disabled, with the reason as its tooltip, when the user may not use it. */
function GuardedButton(props: {
  allowed: boolean;
  loading: boolean;
  deniedReason: string;
  onClick(): void;
  children: string;
  color?: 'primary' | 'secondary';
}) {
  const button = (
    <Button
      variant="outlined"
      color={props.color ?? 'primary'}
      disabled={!props.allowed || props.loading}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
  if (props.allowed || props.loading) return button;
  return (
    <Tooltip title={props.deniedReason}>
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span>{button}</span>
    </Tooltip>
  );
}

/**
 * Rerun (as it was, or with changed params) and Cancel, shown to everyone but enabled only for
 * users the permission policy allows; the server checks again.
 */
export function RunActions(props: {
  run: RunDetails;
  /** The run's Pipeline as the entity declares it: its params build the rerun form. */
  pipeline?: EntityPipeline;
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
  const noEntity = !run.entityRef;

  return (
    <Box display="flex" gridGap={8} alignItems="center" flexWrap="wrap">
      <GuardedButton
        allowed={create.allowed && !noEntity}
        loading={create.loading}
        deniedReason={
          noEntity
            ? 'This run belongs to no catalog entity'
            : 'You may not start runs of this entity (tekton-dag.run.create)'
        }
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
        allowed={create.allowed && !noEntity && !!pipeline}
        loading={create.loading}
        deniedReason={
          !pipeline && create.allowed
            ? "The pipeline is no longer one of the entity's pipelines"
            : 'You may not start runs of this entity (tekton-dag.run.create)'
        }
        onClick={() => setDialog('rerun')}
      >
        Rerun with changes
      </GuardedButton>
      {active && (
        <GuardedButton
          color="secondary"
          allowed={cancel.allowed}
          loading={cancel.loading}
          deniedReason="You may not cancel runs of this entity (tekton-dag.run.cancel)"
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
      {dialog === 'rerun' && pipeline && (
        <RunPipelineDialog
          open
          pipeline={run.pipeline}
          params={pipeline.params}
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
