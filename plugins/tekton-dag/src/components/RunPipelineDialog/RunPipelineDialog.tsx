import { useMemo, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  ParamSpec,
  ParamValue,
  Run,
  validateRunParams,
} from '@tekton-dag/plugin-tekton-dag-common';
import { paramsToSend, paramToText } from './paramForm';

const FORMAT_HINTS: Record<string, string> = {
  string: '',
  array: 'One item per line.',
  object: 'One key=value per line.',
};

export interface RunPipelineDialogProps {
  open: boolean;
  pipeline: string;
  /** The Pipeline's params: the form is generated from them. */
  params: ParamSpec[];
  /** For a rerun: the previous run's values, which the form starts from. */
  previous?: Record<string, ParamValue>;
  onClose(): void;
  /** Starts the run with the params that differ from where the form started. */
  onSubmit(params: Record<string, ParamValue>): Promise<Run>;
  onStarted?(run: Run): void;
}

/**
 * "Run pipeline" and "Rerun with changes": one field per Pipeline param with its type,
 * default and description; checked with the same validator as the server before sending.
 */
export function RunPipelineDialog(props: RunPipelineDialogProps) {
  const { open, pipeline, params, previous, onClose, onSubmit, onStarted } =
    props;
  const startValues = useMemo(
    () =>
      Object.fromEntries(
        params.map(spec => [spec.name, previous?.[spec.name] ?? spec.default]),
      ),
    [params, previous],
  );
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      params.map(spec => [
        spec.name,
        paramToText(spec, startValues[spec.name]),
      ]),
    ),
  );
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const toSend = paramsToSend(params, texts, startValues);
  const { errors } = validateRunParams(params, {
    ...(previous ?? {}),
    ...toSend,
  });
  const missing = (name: string) => errors.some(e => e.includes(`"${name}"`));

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const run = await onSubmit(toSend);
      onStarted?.(run);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  const title = previous ? `Rerun ${pipeline}` : `Run ${pipeline}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="tekton-dag-run-dialog-title"
    >
      <DialogTitle id="tekton-dag-run-dialog-title">{title}</DialogTitle>
      <DialogContent>
        {params.length === 0 && (
          <Typography color="textSecondary">
            This pipeline takes no params.
          </Typography>
        )}
        {params.map(spec => {
          const multiline = spec.type === 'array' || spec.type === 'object';
          const hint = FORMAT_HINTS[spec.type ?? 'string'];
          const required = spec.default === undefined;
          return (
            <TextField
              key={spec.name}
              id={`tekton-dag-param-${spec.name}`}
              label={spec.name}
              value={texts[spec.name] ?? ''}
              onChange={e =>
                setTexts(t => ({ ...t, [spec.name]: e.target.value }))
              }
              helperText={[
                spec.description,
                hint,
                required
                  ? 'Required.'
                  : `Default: ${paramToText(spec, spec.default) || '(empty)'}`,
              ]
                .filter(Boolean)
                .join(' ')}
              error={missing(spec.name)}
              required={required}
              multiline={multiline}
              minRows={multiline ? 2 : undefined}
              fullWidth
              margin="dense"
              variant="outlined"
            />
          );
        })}
        {errors.length > 0 && (
          <Alert severity="warning" role="status">
            {errors.join('; ')}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting || errors.length > 0}
        >
          {previous ? 'Rerun' : 'Run'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
