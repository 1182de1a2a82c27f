import { SelectFilter } from '../../ui/filters';
import { PERIODS, type Period } from './periods';

/** The period of the figures; none chosen: the last 30 days, the window routing reads. */
export function PeriodSelect({
  value,
  onChange,
}: {
  value: Period | undefined;
  onChange: (p: Period | undefined) => void;
}) {
  return (
    <SelectFilter
      label="Period"
      value={value}
      allLabel="last 30 days"
      options={PERIODS.filter((p) => p !== '30d').map((p) => ({ value: p, label: `last ${p.replace('d', ' days')}` }))}
      onChange={onChange}
    />
  );
}
