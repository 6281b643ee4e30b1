/**
 * The fixed structure of a consultation summary. Each section names the document kinds it is filled
 * from when no model writes it (and the headings in the six UN languages, since the draft is written
 * in the language of the request).
 */
export type SectionId = 'context' | 'assessment' | 'ta_needs' | 'recommendations' | 'roadmap' | 'open_questions';

export const SECTION_IDS: readonly SectionId[] = ['context', 'assessment', 'ta_needs', 'recommendations', 'roadmap', 'open_questions'];

export const SECTION_HEADINGS: Record<string, Record<SectionId, string>> = {
  en: {
    context: 'Context of the consultation',
    assessment: 'Assessment highlights',
    ta_needs: 'Technical-assistance needs identified',
    recommendations: 'Recommendations',
    roadmap: 'Suggested roadmap items',
    open_questions: 'Open questions',
  },
  fr: {
    context: 'Contexte de la consultation',
    assessment: "Points saillants de l'évaluation",
    ta_needs: "Besoins d'assistance technique recensés",
    recommendations: 'Recommandations',
    roadmap: 'Éléments de feuille de route proposés',
    open_questions: 'Questions en suspens',
  },
  es: {
    context: 'Contexto de la consulta',
    assessment: 'Aspectos destacados de la evaluación',
    ta_needs: 'Necesidades de asistencia técnica identificadas',
    recommendations: 'Recomendaciones',
    roadmap: 'Elementos propuestos para la hoja de ruta',
    open_questions: 'Cuestiones pendientes',
  },
  ru: {
    context: 'Контекст консультации',
    assessment: 'Основные выводы оценки',
    ta_needs: 'Выявленные потребности в технической помощи',
    recommendations: 'Рекомендации',
    roadmap: 'Предлагаемые элементы дорожной карты',
    open_questions: 'Открытые вопросы',
  },
  ar: {
    context: 'سياق المشاورة',
    assessment: 'أبرز نتائج التقييم',
    ta_needs: 'احتياجات المساعدة التقنية المحددة',
    recommendations: 'التوصيات',
    roadmap: 'البنود المقترحة لخريطة الطريق',
    open_questions: 'مسائل مفتوحة',
  },
  zh: {
    context: '磋商背景',
    assessment: '评估要点',
    ta_needs: '已确定的技术援助需求',
    recommendations: '建议',
    roadmap: '拟议路线图事项',
    open_questions: '未决问题',
  },
};

export const SUMMARY_LABELS: Record<string, { title: string; none: string; sources: string; empty: string }> = {
  en: {
    title: 'Consultation summary (draft)',
    none: 'No information in the documents available to this working group.',
    sources: 'Sources',
    empty: "I couldn't find information on that in the documents available to this working group.",
  },
  fr: {
    title: 'Résumé de consultation (projet)',
    none: 'Aucune information dans les documents accessibles à ce groupe de travail.',
    sources: 'Sources',
    empty: "Je n'ai pas trouvé d'informations à ce sujet dans les documents accessibles à ce groupe de travail.",
  },
  es: {
    title: 'Resumen de la consulta (borrador)',
    none: 'No hay información en los documentos disponibles para este grupo de trabajo.',
    sources: 'Fuentes',
    empty: 'No encontré información sobre eso en los documentos disponibles para este grupo de trabajo.',
  },
  ru: {
    title: 'Резюме консультации (проект)',
    none: 'В документах, доступных этой рабочей группе, информации нет.',
    sources: 'Источники',
    empty: 'Я не нашёл информации об этом в документах, доступных этой рабочей группе.',
  },
  ar: {
    title: 'ملخص المشاورة (مسودة)',
    none: 'لا توجد معلومات في الوثائق المتاحة لهذا الفريق العامل.',
    sources: 'المصادر',
    empty: 'لم أجد معلومات عن ذلك في الوثائق المتاحة لهذا الفريق العامل.',
  },
  zh: {
    title: '磋商摘要（草稿）',
    none: '本工作组可用的文件中没有相关信息。',
    sources: '来源',
    empty: '在本工作组可用的文件中未找到相关信息。',
  },
};

export function headingsFor(language: string): Record<SectionId, string> {
  return SECTION_HEADINGS[language] ?? SECTION_HEADINGS.en!;
}

export function labelsFor(language: string) {
  return SUMMARY_LABELS[language] ?? SUMMARY_LABELS.en!;
}

/** Which section an item from a document of this kind goes to when filled extractively. */
export function sectionForKind(kind: string): SectionId {
  switch (kind) {
    case 'assessment_report':
      return 'assessment';
    case 'ta_needs':
      return 'ta_needs';
    case 'recommendations':
      return 'recommendations';
    case 'roadmap':
      return 'roadmap';
    default:
      return 'context';
  }
}
