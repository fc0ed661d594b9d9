import {
  Checkbox,
  FormControl,
  InputLabel,
  ListItemText,
  MenuItem,
  Select,
} from '@material-ui/core';

/**
 * A select of several values (statuses, trigger kinds) with a checkbox each; "Any" when none is
 * picked, which the filter passes on as undefined.
 */
export function MultiSelectFilter<T extends string>(props: {
  id: string;
  label: string;
  options: readonly T[];
  value: T[] | undefined;
  labelOf?: (option: T) => string;
  onChange: (value: T[] | undefined) => void;
  className?: string;
}) {
  const { id, label, options, value, onChange, className } = props;
  const labelOf = props.labelOf ?? ((option: T) => option);
  return (
    <FormControl className={className}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        multiple
        value={value ?? []}
        renderValue={selected =>
          (selected as T[]).length
            ? (selected as T[]).map(labelOf).join(', ')
            : 'Any'
        }
        onChange={e => {
          const picked = e.target.value as T[];
          onChange(picked.length ? picked : undefined);
        }}
      >
        {options.map(option => (
          <MenuItem key={option} value={option}>
            <Checkbox checked={value?.includes(option) ?? false} />
            <ListItemText primary={labelOf(option)} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
