// An HH:MM input bound to minutes: typing keeps the text, a valid time commits on each change,
// an invalid one shows a message at the input and commits nothing.
import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { t } from '../../../i18n';
import { parseHHMM, toHHMM } from './model';

interface Props {
  label: string;
  minute: number;
  onChange: (minuteOfDay: number) => void;
  error?: string;
  hideLabel?: boolean;
}

export function TimeField({ label, minute, onChange, error, hideLabel }: Props) {
  const [text, setText] = useState(toHHMM(minute));
  useEffect(() => {
    if (parseHHMM(text) === null || parseHHMM(text) !== minute % 1440) setText(toHHMM(minute));
    // Only an outside change of `minute` resyncs the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minute]);
  const invalid = parseHHMM(text) === null;
  return (
    <TextInput
      label={hideLabel ? undefined : label}
      aria-label={hideLabel ? label : undefined}
      value={text}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        const parsed = parseHHMM(v);
        if (parsed !== null) onChange(parsed);
      }}
      error={invalid ? t.admin.cal.timeInvalid : error}
      placeholder="HH:MM"
      inputMode="numeric"
      w={84}
      size="xs"
      styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
    />
  );
}
