import { useSignal } from '@preact/signals';
import { RULE_IDS, type RuleId } from '../src/core/rules/rule-ids';
import { defaultThresholds, THRESHOLD_NAMES, THRESHOLDS, type ThresholdName } from '../src/core/rules/thresholds';
import type { OptionsModel } from './model';
import { S } from './strings';

function ThresholdField({ model, k, value }: { model: OptionsModel; k: ThresholdName; value: number }) {
  const text = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const { min, max, defaultValue } = THRESHOLDS[k];
  const { label, unit } = S.thresholds.field(k);
  const id = `threshold-${k}`;
  const isDefault = value === defaultValue;
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
          min={min}
          max={max}
          value={text.value ?? String(value)}
          aria-describedby={`${id}-default${error.value ? ` ${id}-error` : ''}`}
          aria-invalid={error.value ? true : undefined}
          onInput={(e) => (text.value = e.currentTarget.value)}
          onChange={(e) => void commit(e.currentTarget.value)}
        />{' '}
        <span class="muted small">{unit}</span>
      </div>
      <span class="muted small" id={`${id}-default`}>
        {S.thresholds.defaultIs(defaultValue)}
      </span>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        disabled={isDefault && text.value === undefined}
        aria-label={S.thresholds.resetAria(label)}
        onClick={async () => {
          error.value = await model.resetThreshold(k);
          text.value = undefined;
          // The button is disabled once the value is the default: the field takes focus instead of the body.
          document.getElementById(id)?.focus();
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

/** One switch per rule: a VPN user can silence the datacenter rule without touching the others. */
function RuleSwitches({ model }: { model: OptionsModel }) {
  const error = useSignal<string | undefined>(undefined);
  const enabled = model.settings.value?.enabledRules ?? {};
  const isOn = (id: RuleId) => enabled[id] !== false;
  return (
    <fieldset class="rule-switches" data-testid="rule-switches">
      <legend>{S.rules.heading}</legend>
      <p class="muted">{S.rules.intro}</p>
      <p class="muted small" id="rules-device-note">
        {S.rules.deviceNote}
      </p>
      <ul class="rule-switches__list">
        {RULE_IDS.map((id) => (
          <li key={id} class={isOn(id) ? undefined : 'rule-switches__off'}>
            <label>
              <input
                type="checkbox"
                name={`rule-${id}`}
                data-testid={`rule-${id}`}
                checked={isOn(id)}
                onChange={async (e) => {
                  error.value = await model.setRuleEnabled(id, e.currentTarget.checked);
                }}
              />{' '}
              {S.rules.name(id)}
            </label>{' '}
            <span class="muted small">{isOn(id) ? S.rules.on : S.rules.off}</span>
          </li>
        ))}
      </ul>
      {RULE_IDS.filter((id) => !isOn(id)).length > 0 && (
        <p class="muted small" role="status">
          {RULE_IDS.filter((id) => !isOn(id))
            .map((id) => S.rules.switchedOff(S.rules.name(id)))
            .join(' ')}
        </p>
      )}
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
    </fieldset>
  );
}

export function ThresholdsPanel({ model }: { model: OptionsModel }) {
  const t = model.settings.value?.thresholds ?? defaultThresholds;
  return (
    <section class="panel" id="thresholds" aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading">{S.thresholds.heading}</h2>
      <p class="muted">{S.thresholds.intro}</p>
      <div class="thresholds">
        {THRESHOLD_NAMES.map((k) => (
          <ThresholdField key={k} model={model} k={k} value={t[k] ?? THRESHOLDS[k].defaultValue} />
        ))}
      </div>
      <RuleSwitches model={model} />
    </section>
  );
}
