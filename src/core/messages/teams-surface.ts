import type { Translations } from './catalogue-types.js';

/** What only the Teams surface says (summary review on cards). */
export const teamsSurface = {
  'teams.summary_usage': {
    en: 'Type `summary <Member State> [working group]`, for example `summary Valdoria border`.',
    fr: 'Tapez `summary <État Membre> [groupe de travail]`, par exemple `summary Valdoria border`.',
    es: 'Escriba `summary <Estado Miembro> [grupo de trabajo]`, por ejemplo `summary Valdoria border`.',
    ru: 'Введите `summary <государство-член> [рабочая группа]`, например `summary Valdoria border`.',
    ar: 'اكتب `summary <الدولة العضو> [الفريق العامل]`، مثلًا `summary Valdoria border`.',
    zh: '请输入 `summary <会员国> [工作组]`，例如 `summary Valdoria border`。',
  },
  'teams.summary_discarded': {
    en: 'Draft discarded. Nothing was posted.',
    fr: 'Projet abandonné. Rien n’a été publié.',
    es: 'Borrador descartado. No se publicó nada.',
    ru: 'Проект отклонён. Ничего не опубликовано.',
    ar: 'تم تجاهل المسودة. لم يُنشر أي شيء.',
    zh: '草稿已放弃，未发布任何内容。',
  },
  'teams.summary_no_channel': {
    en: 'This working group has no Teams channel registered in the directory, so the summary cannot be posted.',
    fr: 'Aucun canal Teams n’est enregistré dans l’annuaire pour ce groupe de travail : la synthèse ne peut pas être publiée.',
    es: 'Este grupo de trabajo no tiene ningún canal de Teams registrado en el directorio, por lo que el resumen no puede publicarse.',
    ru: 'Для этой рабочей группы в справочнике не зарегистрирован канал Teams, поэтому сводку опубликовать нельзя.',
    ar: 'لا توجد قناة Teams مسجلة في الدليل لهذا الفريق العامل، لذا لا يمكن نشر الموجز.',
    zh: '名录中未为该工作组登记 Teams 频道，因此无法发布摘要。',
  },
} satisfies Record<string, Translations>;
