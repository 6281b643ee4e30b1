import type { Translations } from './catalogue-types.js';

/** What only the Teams surface says. */
export const teamsSurface = {
  'teams.summary_no_channel': {
    en: 'This working group has no Teams channel registered in the directory, so the summary cannot be posted.',
    fr: 'Aucun canal Teams n’est enregistré dans l’annuaire pour ce groupe de travail : la synthèse ne peut pas être publiée.',
    es: 'Este grupo de trabajo no tiene ningún canal de Teams registrado en el directorio, por lo que el resumen no puede publicarse.',
    ru: 'Для этой рабочей группы в справочнике не зарегистрирован канал Teams, поэтому сводку опубликовать нельзя.',
    ar: 'لا توجد قناة Teams مسجلة في الدليل لهذا الفريق العامل، لذا لا يمكن نشر الموجز.',
    zh: '名录中未为该工作组登记 Teams 频道，因此无法发布摘要。',
  },
} satisfies Record<string, Translations>;
