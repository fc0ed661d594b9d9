import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ParamValue } from '@tekton-dag/plugin-tekton-dag-common';

const useStyles = makeStyles(
  theme => ({
    name: {
      fontFamily: 'monospace',
      verticalAlign: 'top',
      whiteSpace: 'nowrap',
      width: '1%',
    },
    value: {
      fontFamily: 'monospace',
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
      verticalAlign: 'top',
    },
    list: {
      margin: 0,
      paddingLeft: theme.spacing(2),
    },
    empty: {
      color: theme.palette.text.secondary,
      fontStyle: 'italic',
    },
  }),
  { name: 'TektonDagParamTable' },
);

function ParamValueView(props: { value: ParamValue }) {
  const classes = useStyles();
  const { value } = props;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className={classes.empty}>[]</span>;
    return (
      <ul className={classes.list}>
        {value.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0)
      return <span className={classes.empty}>{'{}'}</span>;
    return (
      <ul className={classes.list}>
        {entries.map(([key, item]) => (
          <li key={key}>
            {key}: {item}
          </li>
        ))}
      </ul>
    );
  }
  // An empty string is a real value; show that it is there.
  if (value === '') return <span className={classes.empty}>(empty)</span>;
  return <>{String(value)}</>;
}

/** Tekton params or results as name/value rows; arrays as lists, objects as key: value. */
export function ParamTable(props: {
  title: string;
  values?: Record<string, ParamValue>;
  emptyText: string;
}) {
  const { title, values, emptyText } = props;
  const classes = useStyles();
  const entries = Object.entries(values ?? {});
  return (
    <div>
      <Typography variant="h6" component="h3">
        {title}
      </Typography>
      {entries.length === 0 ? (
        <Typography variant="body2" className={classes.empty}>
          {emptyText}
        </Typography>
      ) : (
        <Table size="small" aria-label={title}>
          <TableBody>
            {entries.map(([name, value]) => (
              <TableRow key={name}>
                <TableCell component="th" scope="row" className={classes.name}>
                  {name}
                </TableCell>
                <TableCell className={classes.value}>
                  <ParamValueView value={value} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
