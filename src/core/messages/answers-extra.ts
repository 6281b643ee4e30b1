import type { Translations } from './catalogue-types.js';

/** Answers about documents themselves, from the scoped catalog (retrieval branch). */
export const answersExtra = {
  'catalog.list_intro': {
    en: 'Documents available to you{about}:',
    fr: 'Documents qui vous sont accessibles{about} :',
    es: 'Documentos a los que tiene acceso{about}:',
    ru: 'Доступные вам документы{about}:',
    ar: 'الوثائق المتاحة لك{about}:',
    zh: '您可以查阅的文件{about}：',
  },
  'catalog.about': {
    en: ' on {name}',
    fr: ' sur {name}',
    es: ' sobre {name}',
    ru: ' по {name}',
    ar: ' بشأن {name}',
    zh: '（{name}）',
  },
  'catalog.latest': {
    en: 'The latest {kind} available to you{about}:',
    fr: 'Le document le plus récent de type « {kind} » qui vous est accessible{about} :',
    es: 'El documento más reciente de tipo «{kind}» al que tiene acceso{about}:',
    ru: 'Самый новый доступный вам документ типа «{kind}»{about}:',
    ar: 'أحدث وثيقة من نوع «{kind}» متاحة لك{about}:',
    zh: '您可以查阅的最新“{kind}”文件{about}：',
  },
  'catalog.latest_any': {
    en: 'The latest document available to you{about}:',
    fr: 'Le document le plus récent qui vous est accessible{about} :',
    es: 'El documento más reciente al que tiene acceso{about}:',
    ru: 'Самый новый доступный вам документ{about}:',
    ar: 'أحدث وثيقة متاحة لك{about}:',
    zh: '您可以查阅的最新文件{about}：',
  },
  'catalog.shared_by': {
    en: 'shared by {owner}',
    fr: 'communiqué par {owner}',
    es: 'compartido por {owner}',
    ru: 'предоставлен: {owner}',
    ar: 'شاركته {owner}',
    zh: '由 {owner} 分享',
  },
  'catalog.dated': {
    en: 'dated {date}',
    fr: 'daté du {date}',
    es: 'con fecha {date}',
    ru: 'от {date}',
    ar: 'بتاريخ {date}',
    zh: '日期 {date}',
  },
  'catalog.consent_on': {
    en: 'consent given on {date}',
    fr: 'consentement donné le {date}',
    es: 'consentimiento otorgado el {date}',
    ru: 'согласие дано {date}',
    ar: 'مُنحت الموافقة في {date}',
    zh: '{date} 给予同意',
  },
} satisfies Record<string, Translations>;
