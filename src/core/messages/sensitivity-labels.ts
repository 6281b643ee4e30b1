import type { Translations } from './catalogue-types.js';

/** A cited document's classification in words: Teams' per-citation sensitivity label and Slack's sources list. */
export const sensitivityLabels = {
  'sensitivity.public': {
    en: 'Public',
    fr: 'Public',
    es: 'Público',
    ru: 'Открытый',
    ar: 'عام',
    zh: '公开',
  },
  'sensitivity.internal': {
    en: 'Internal',
    fr: 'Interne',
    es: 'Interno',
    ru: 'Внутренний',
    ar: 'داخلي',
    zh: '内部',
  },
  'sensitivity.restricted': {
    en: 'Restricted',
    fr: 'Restreint',
    es: 'Restringido',
    ru: 'Ограниченный доступ',
    ar: 'مقيَّد',
    zh: '受限',
  },
  'sensitivity.public_detail': {
    en: 'Public — may be shared freely',
    fr: 'Public — peut être diffusé librement',
    es: 'Público — puede compartirse libremente',
    ru: 'Открытый — можно свободно распространять',
    ar: 'عام — يجوز تداوله بحرية',
    zh: '公开 — 可自由分享',
  },
  'sensitivity.internal_detail': {
    en: 'Internal — for Compact members only',
    fr: 'Interne — réservé aux membres du Pacte',
    es: 'Interno — solo para los miembros del Pacto',
    ru: 'Внутренний — только для участников Договора',
    ar: 'داخلي — لأعضاء الاتفاق فقط',
    zh: '内部 — 仅限《契约》成员',
  },
  'sensitivity.restricted_detail': {
    en: 'Restricted — shared with the consent of {state}',
    fr: 'Restreint — communiqué avec le consentement de {state}',
    es: 'Restringido — compartido con el consentimiento de {state}',
    ru: 'Ограниченный доступ — предоставлен с согласия: {state}',
    ar: 'مقيَّد — تمت مشاركته بموافقة {state}',
    zh: '受限 — 经 {state} 同意共享',
  },
  'sensitivity.state_unknown': {
    en: 'the Member State concerned',
    fr: 'l’État Membre concerné',
    es: 'el Estado Miembro interesado',
    ru: 'соответствующего государства-члена',
    ar: 'الدولة العضو المعنية',
    zh: '相关会员国',
  },
} satisfies Record<string, Translations>;
