import { useSignal } from '@preact/signals';
import { defaultThresholds, type Thresholds } from '../src/core/rules/rule';
import { ThresholdsSchema } from '../src/shared/schemas';
import type { OptionsModel } from './model';
import { S } from './strings';

const KEYS = Object.keys(defaultThresholds) as (keyof Thresholds)[];

function ThresholdField({ model, k, value }: { model: OptionsModel; k: keyof Thresholds; value: number }) {
  const text = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const shape = ThresholdsSchema.shape[k];
  const field = 'unwrap' in shape ? shape.unwrap() : shape;
  const { label, unit } = S.thresholds.field(k);
  const id = `threshold-${k}`;
  const isDefault = value === (defaultThresholds[k] ?? 0);
  async function commit(raw: string) {
    const outcome = await model.setThreshold(k, raw.trim() === '' ? Number.NaN : Number(raw));
    error.value = outcome;
    if (!outcome) text.value = undefined;
  }
  return (
    <div class="threshold" data-testid={id}>
      <label for={id}>{label}</label>
      <div class="threshold__input">
        <input
          id={id}
          name={k}
          type="number"
          inputMode="decimal"
          min={field.minValue ?? undefined}
          max={field.maxValue ?? undefined}
          value={text.value ?? String(value)}
          aria-describedby={`${id}-default${error.value ? ` ${id}-error` : ''}`}
          aria-invalid={error.value ? true : undefined}
          onInput={(e) => (text.value = e.currentTarget.value)}
          onChange={(e) => void commit(e.currentTarget.value)}
        />{' '}
        <span class="muted small">{unit}</span>
      </div>
      <span class="muted small" id={`${id}-default`}>
        {S.thresholds.defaultIs(defaultThresholds[k] ?? 0)}
      </span>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        disabled={isDefault && text.value === undefined}
        aria-label={S.thresholds.resetAria(label)}
        onClick={async () => {
          error.value = await model.resetThreshold(k);
          text.value = undefined;
        }}
      >
        {S.thresholds.reset}
      </button>
      {error.value && (
        <p role="alert" class="error threshold__error" id={`${id}-error`}>
          {error.value}
        </p>
      )}
    </div>
  );
}

export function ThresholdsPanel({ model }: { model: OptionsModel }) {
  const t = model.settings.value?.thresholds ?? defaultThresholds;
  return (
    <section class="panel" id="thresholds" aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading">{S.thresholds.heading}</h2>
      <p class="muted">{S.thresholds.intro}</p>
      <div class="thresholds">
        {KEYS.map((k) => (
          <ThresholdField key={k} model={model} k={k} value={t[k] ?? defaultThresholds[k] ?? 0} />
        ))}
      </div>
    </section>
  );
}
