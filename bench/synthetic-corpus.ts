/**
 * A deterministic synthetic corpus for the retrieval benchmark: a directory (entities, Member States,
 * working groups, 24 members), documents in the six UN languages with consent states, chunked text
 * built from sentence templates, and questions made of three planted terms so every question has a
 * known set of relevant documents. Same seed, same corpus, on every machine.
 */
import type { Audience, ConsentStatus } from '../src/core/access/access-rule.js';
import type { Language } from '../src/core/retrieval/retrieved-chunk.js';
import type { AskContext } from '../src/core/types.js';
import type { DirectoryImport } from '../src/db/queries/directory.js';

/** mulberry32: tiny, fast and good enough for shuffling benchmark data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Directory

const ENTITIES = [
  ['CTED', 'Counter-Terrorism Committee Executive Directorate', 'un_secretariat'],
  ['UNOCT', 'United Nations Office of Counter-Terrorism', 'un_secretariat'],
  ['UNODC', 'United Nations Office on Drugs and Crime', 'un_entity'],
  ['INTERPOL', 'International Criminal Police Organization', 'partner_organization'],
  ['OHCHR', 'Office of the United Nations High Commissioner for Human Rights', 'un_secretariat'],
  ['UNDP', 'United Nations Development Programme', 'un_entity'],
  ['ICAO', 'International Civil Aviation Organization', 'un_specialized_agency'],
  ['IOM', 'International Organization for Migration', 'un_related_organization'],
  ['UNICRI', 'United Nations Interregional Crime and Justice Research Institute', 'un_entity'],
  ['WCO', 'World Customs Organization', 'partner_organization'],
] as const;

const WORKING_GROUPS = [
  ['wg-border', 'Border Management and Law Enforcement'],
  ['wg-justice', 'Criminal Justice, Legal Responses and Countering the Financing of Terrorism'],
  ['wg-prevention', 'Preventing and Countering Violent Extremism'],
  ['wg-rights', 'Promoting and Protecting Human Rights and the Rule of Law'],
  ['wg-infrastructure', 'Emerging Threats and Critical Infrastructure Protection'],
  ['wg-victims', 'Supporting and Highlighting Victims of Terrorism'],
] as const;

/** Fictional, like the evaluation corpus: no real country is described. */
const MEMBER_STATES = [
  'Valdoria',
  'Istrana',
  'Koravia',
  'Belmora',
  'Caldessa',
  'Dravonia',
  'Estmark',
  'Fennland',
  'Galdor',
  'Harrowmere',
  'Ishkara',
  'Jorvania',
  'Kestrel',
  'Lunaria',
  'Marovia',
  'Norvessa',
  'Ostrava',
  'Pellaria',
  'Quorin',
  'Rastova',
  'Sundara',
  'Tavoria',
  'Ulmeria',
  'Verdania',
  'Westmarch',
  'Xandria',
  'Yaleth',
  'Zerbania',
  'Auralis',
  'Brennoch',
];

const FIRST_NAMES = [
  'Amina',
  'Bruno',
  'Chen',
  'Dalia',
  'Emeka',
  'Farah',
  'Gustavo',
  'Hana',
  'Ivan',
  'Jamila',
  'Kofi',
  'Lucia',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quentin',
  'Rania',
  'Sergei',
  'Tomoko',
  'Ulla',
  'Victor',
  'Wen',
  'Yusuf',
];
const LAST_NAMES = [
  'Okafor',
  'Silva',
  'Wei',
  'Haddad',
  'Nwosu',
  'Rahman',
  'Pereira',
  'Sato',
  'Petrov',
  'Mansour',
  'Mensah',
  'Garcia',
  'Rossi',
  'Karimi',
  'Farouk',
  'Sharma',
  'Dubois',
  'Saleh',
  'Volkov',
  'Tanaka',
  'Larsen',
  'Moreau',
  'Liu',
  'Demir',
];

export interface BenchMember {
  id: string;
  entityId: string;
  groups: string[];
}

function buildDirectory(random: Random, memberCount: number): { directory: DirectoryImport; members: BenchMember[] } {
  const members: BenchMember[] = [];
  for (let i = 0; i < memberCount; i += 1) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Alex';
    const last = LAST_NAMES[(i * 7) % LAST_NAMES.length] ?? 'Doe';
    // CTED and UNOCT staff are over-represented, as in the Compact itself.
    const entity = i < 6 ? (i % 2 === 0 ? 'CTED' : 'UNOCT') : pick(random, ENTITIES)[0];
    const groupCount = 1 + Math.floor(random() * 3);
    members.push({
      id: `mbr-${first.toLowerCase()}-${last.toLowerCase()}`,
      entityId: entity,
      groups: pickSome(
        random,
        WORKING_GROUPS.map(([id]) => id),
        groupCount,
      ),
    });
  }
  // Every group needs members (an empty group's channel opens nothing) and a chair.
  for (const [index, [groupId]] of WORKING_GROUPS.entries()) {
    if (!members.some((member) => member.groups.includes(groupId))) members[index % members.length]?.groups.push(groupId);
  }
  const chairOf = new Map<string, string>();
  for (const [groupId] of WORKING_GROUPS) {
    const chair = members.find((member) => member.groups.includes(groupId));
    if (chair) chairOf.set(groupId, chair.id);
  }
  const directory: DirectoryImport = {
    entities: ENTITIES.map(([id, name, type]) => ({ id, acronym: id, name, type })),
    workingGroups: WORKING_GROUPS.map(([id, name]) => ({ id, name, shortName: null, channelRef: `ch-${id}` })),
    memberStates: MEMBER_STATES.map((name) => ({ id: name.toLowerCase(), name, region: null })),
    members: members.map((member, index) => ({
      id: member.id,
      name: member.id
        .replace(/^mbr-/, '')
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join(' '),
      entityId: member.entityId,
      title: null,
      email: null,
      memberships: member.groups.map((wg) => ({
        workingGroupId: wg,
        role: chairOf.get(wg) === member.id ? ('chair' as const) : ('member' as const),
      })),
      identities: [{ platform: 'slack' as const, workspaceId: null, externalId: `U${String(100000 + index)}BENCH` }],
    })),
    channels: WORKING_GROUPS.map(([id]) => ({ id: `ch-${id}`, purpose: 'working group', workingGroupId: id, slack: null, teams: null })),
  };
  return { directory, members };
}

// ---------------------------------------------------------------------------------------------
// Text: sentence templates per language, slots filled at random. Planted terms (below) never occur
// in these lists, so a document contains a question's three terms only where they were planted.

interface LanguageText {
  templates: string[];
  nouns: string[];
  adjectives: string[];
  verbs: string[];
  headings: string[];
  kinds: Record<string, string>;
}

const TEXT: Record<Language, LanguageText> = {
  en: {
    templates: [
      'The {adj} {noun} in {state} was reviewed by {entity} during the {year} assessment visit.',
      'Authorities reported {num} cases involving {noun} and requested support to strengthen {noun2}.',
      'Paragraph {num} recommends that {noun} be aligned with international standards on {noun2}.',
      '{entity} {verb} the national approach to {noun} and noted gaps in {adj} {noun2}.',
      'The working group on {group} discussed {noun} with representatives of {state}.',
      'Further {adj} assistance is needed for {noun}, in particular for {noun2} at the regional level.',
      'In {year}, the government adopted a {adj} strategy covering {noun} and {noun2}.',
      'Coordination between ministries on {noun} remains {adj}, and {noun2} is not yet systematic.',
      'The delegation {verb} progress on {noun} since the previous visit in {year}.',
      'Training sessions for {num} officials addressed {noun}, {noun2} and related {adj} procedures.',
      'Resolution {num} ({year}) calls on Member States to ensure {adj} {noun} while respecting {noun2}.',
      'The national focal point for {noun} is located within the ministry responsible for {noun2}.',
      'According to the authorities of {state}, {noun} has improved, although {noun2} still lacks {adj} resources.',
      '{entity} and {entity2} agreed to deliver a joint programme on {noun} over the next {num} months.',
    ],
    nouns: [
      'border management',
      'law enforcement',
      'criminal justice',
      'terrorist financing',
      'violent extremism',
      'aviation security',
      'information sharing',
      'mutual legal assistance',
      'human rights compliance',
      'critical infrastructure',
      'community engagement',
      'prison management',
      'inter-agency coordination',
      'regional cooperation',
      'capacity building',
      'the legal framework',
      'the national strategy',
      'risk assessment',
      'financial intelligence',
      'customs control',
      'victim support',
      'gender mainstreaming',
      'youth engagement',
      'the judiciary',
      'specialised prosecutors',
      'investigative techniques',
      'data protection',
      'civil society participation',
      'public-private partnerships',
      'counter-terrorism legislation',
      'police oversight',
      'international cooperation',
      'the rule of law',
      'early warning',
      'crisis response',
      'education programmes',
    ],
    adjectives: [
      'national',
      'regional',
      'effective',
      'comprehensive',
      'limited',
      'significant',
      'sustained',
      'targeted',
      'technical',
      'operational',
      'strategic',
      'institutional',
      'specialised',
      'insufficient',
      'robust',
      'consistent',
      'urgent',
      'additional',
      'practical',
      'coordinated',
    ],
    verbs: ['assessed', 'welcomed', 'reviewed', 'highlighted', 'noted', 'acknowledged', 'examined', 'supported', 'encouraged', 'discussed'],
    headings: [
      'Background',
      'Legal framework',
      'Border management and law enforcement',
      'Countering the financing of terrorism',
      'Preventing violent extremism',
      'Criminal justice',
      'Technical assistance needs',
      'Human rights',
      'International cooperation',
      'Recommendations',
    ],
    kinds: {
      assessment_report: 'Assessment report',
      ta_needs: 'Technical assistance needs',
      recommendations: 'Recommendations',
      consultation_notes: 'Consultation notes',
      briefing: 'Briefing note',
    },
  },
  fr: {
    templates: [
      "Le dispositif de {noun} de {state} a été examiné par {entity} lors de la visite d'évaluation de {year}.",
      'Les autorités ont signalé {num} affaires en matière de {noun} et ont demandé un appui pour renforcer {noun2}.',
      'Le paragraphe {num} recommande d’aligner {noun} sur les normes internationales relatives à {noun2}.',
      '{entity} a {verb} les progrès réalisés en matière de {noun} depuis la visite précédente.',
      'La coordination interministérielle en matière de {noun} reste {adj} et {noun2} n’est pas encore systématique.',
      'Des formations destinées à {num} fonctionnaires ont porté sur {noun} et {noun2}.',
      'En {year}, le gouvernement a adopté une stratégie {adj} couvrant {noun} et {noun2}.',
      'Le groupe de travail {group} a discuté de {noun} avec les représentants de {state}.',
    ],
    nouns: [
      'la gestion des frontières',
      'la coopération judiciaire',
      'la justice pénale',
      'le financement du terrorisme',
      'l’extrémisme violent',
      'la sûreté aérienne',
      'l’échange d’informations',
      'l’entraide judiciaire',
      'les droits de l’homme',
      'les infrastructures critiques',
      'la coordination interinstitutionnelle',
      'le cadre juridique',
      'la stratégie nationale',
      'l’évaluation des risques',
      'le renseignement financier',
      'le contrôle douanier',
      'la formation des magistrats',
      'la police nationale',
      'la société civile',
      'l’assistance aux victimes',
    ],
    adjectives: ['limitée', 'insuffisante', 'efficace', 'fragmentée', 'prioritaire', 'satisfaisante', 'nationale', 'régionale'],
    verbs: ['salué', 'examiné', 'souligné', 'noté', 'reconnu', 'encouragé'],
    headings: [
      'Contexte',
      'Cadre juridique',
      'Gestion des frontières',
      'Financement du terrorisme',
      'Justice pénale',
      'Besoins d’assistance technique',
      'Recommandations',
    ],
    kinds: {
      assessment_report: 'Rapport d’évaluation',
      ta_needs: 'Besoins d’assistance technique',
      recommendations: 'Recommandations',
      consultation_notes: 'Notes de consultation',
      briefing: 'Note d’information',
    },
  },
  es: {
    templates: [
      'El sistema de {noun} de {state} fue examinado por {entity} durante la visita de evaluación de {year}.',
      'Las autoridades notificaron {num} casos relacionados con {noun} y solicitaron apoyo para fortalecer {noun2}.',
      'El párrafo {num} recomienda armonizar {noun} con las normas internacionales sobre {noun2}.',
      '{entity} {verb} los avances en materia de {noun} desde la visita anterior.',
      'La coordinación entre ministerios en materia de {noun} sigue siendo {adj} y {noun2} aún no es sistemática.',
      'Las sesiones de formación para {num} funcionarios abordaron {noun} y {noun2}.',
      'En {year}, el gobierno adoptó una estrategia {adj} que abarca {noun} y {noun2}.',
      'El grupo de trabajo {group} examinó {noun} con representantes de {state}.',
    ],
    nouns: [
      'la gestión de fronteras',
      'la cooperación judicial',
      'la justicia penal',
      'la financiación del terrorismo',
      'el extremismo violento',
      'la seguridad aérea',
      'el intercambio de información',
      'la asistencia judicial recíproca',
      'los derechos humanos',
      'las infraestructuras críticas',
      'la coordinación interinstitucional',
      'el marco jurídico',
      'la estrategia nacional',
      'la evaluación de riesgos',
      'la inteligencia financiera',
      'el control de aduanas',
      'la formación de fiscales',
      'la policía nacional',
      'la sociedad civil',
      'la atención a las víctimas',
    ],
    adjectives: ['limitada', 'insuficiente', 'eficaz', 'fragmentada', 'prioritaria', 'satisfactoria', 'nacional', 'regional'],
    verbs: ['acogió con satisfacción', 'examinó', 'destacó', 'observó', 'reconoció', 'alentó'],
    headings: [
      'Antecedentes',
      'Marco jurídico',
      'Gestión de fronteras',
      'Financiación del terrorismo',
      'Justicia penal',
      'Necesidades de asistencia técnica',
      'Recomendaciones',
    ],
    kinds: {
      assessment_report: 'Informe de evaluación',
      ta_needs: 'Necesidades de asistencia técnica',
      recommendations: 'Recomendaciones',
      consultation_notes: 'Notas de consulta',
      briefing: 'Nota informativa',
    },
  },
  ru: {
    templates: [
      'Система {noun} в государстве {state} была рассмотрена {entity} в ходе оценочного визита {year} года.',
      'Власти сообщили о {num} делах, связанных с {noun}, и запросили поддержку для укрепления {noun2}.',
      'В пункте {num} рекомендуется привести {noun} в соответствие с международными стандартами в области {noun2}.',
      '{entity} {verb} прогресс в области {noun} после предыдущего визита.',
      'Межведомственная координация в сфере {noun} остается {adj}, а {noun2} пока не носит системного характера.',
      'Учебные занятия для {num} сотрудников были посвящены {noun} и {noun2}.',
      'В {year} году правительство приняло {adj} стратегию, охватывающую {noun} и {noun2}.',
    ],
    nouns: [
      'управления границами',
      'правоохранительной деятельности',
      'уголовного правосудия',
      'финансирования терроризма',
      'насильственного экстремизма',
      'авиационной безопасности',
      'обмена информацией',
      'взаимной правовой помощи',
      'прав человека',
      'критической инфраструктуры',
      'межведомственной координации',
      'правовой базы',
      'национальной стратегии',
      'оценки рисков',
      'финансовой разведки',
      'таможенного контроля',
    ],
    adjectives: ['ограниченной', 'недостаточной', 'эффективной', 'фрагментарной', 'приоритетной', 'национальной'],
    verbs: ['отметил', 'приветствовал', 'рассмотрел', 'подчеркнул', 'признал'],
    headings: [
      'Общие сведения',
      'Правовая база',
      'Управление границами',
      'Финансирование терроризма',
      'Уголовное правосудие',
      'Потребности в технической помощи',
      'Рекомендации',
    ],
    kinds: {
      assessment_report: 'Доклад об оценке',
      ta_needs: 'Потребности в технической помощи',
      recommendations: 'Рекомендации',
      consultation_notes: 'Записи консультаций',
      briefing: 'Справка',
    },
  },
  ar: {
    templates: [
      'استعرضت {entity} منظومة {noun} في {state} خلال زيارة التقييم لعام {year}.',
      'أبلغت السلطات عن {num} قضية تتعلق ب{noun} وطلبت الدعم لتعزيز {noun2}.',
      'توصي الفقرة {num} بمواءمة {noun} مع المعايير الدولية المتعلقة ب{noun2}.',
      '{verb} {entity} التقدم المحرز في مجال {noun} منذ الزيارة السابقة.',
      'لا يزال التنسيق بين الوزارات بشأن {noun} {adj} ولم يصبح {noun2} منهجيا بعد.',
      'تناولت الدورات التدريبية لـ {num} موظفا موضوع {noun} و{noun2}.',
      'في عام {year} اعتمدت الحكومة استراتيجية {adj} تشمل {noun} و{noun2}.',
    ],
    nouns: [
      'إدارة الحدود',
      'إنفاذ القانون',
      'العدالة الجنائية',
      'تمويل الإرهاب',
      'التطرف العنيف',
      'أمن الطيران',
      'تبادل المعلومات',
      'المساعدة القانونية المتبادلة',
      'حقوق الإنسان',
      'البنية التحتية الحيوية',
      'التنسيق بين الوكالات',
      'الإطار القانوني',
      'الاستراتيجية الوطنية',
      'تقييم المخاطر',
      'الاستخبارات المالية',
      'الرقابة الجمركية',
    ],
    adjectives: ['محدودا', 'غير كاف', 'فعالا', 'مجزأ', 'وطنية', 'شاملة'],
    verbs: ['لاحظت', 'رحبت', 'استعرضت', 'أكدت', 'أقرت'],
    headings: [
      'معلومات أساسية',
      'الإطار القانوني',
      'إدارة الحدود',
      'تمويل الإرهاب',
      'العدالة الجنائية',
      'احتياجات المساعدة التقنية',
      'التوصيات',
    ],
    kinds: {
      assessment_report: 'تقرير التقييم',
      ta_needs: 'احتياجات المساعدة التقنية',
      recommendations: 'التوصيات',
      consultation_notes: 'ملاحظات المشاورات',
      briefing: 'مذكرة إحاطة',
    },
  },
  zh: {
    templates: [
      '{entity}在{year}年评估访问期间审查了{state}的{noun}体系。',
      '当局报告了{num}起与{noun}有关的案件，并请求支持以加强{noun2}。',
      '第{num}段建议使{noun}符合关于{noun2}的国际标准。',
      '{entity}{verb}自上次访问以来在{noun}方面取得的进展。',
      '各部委在{noun}方面的协调仍然{adj}，{noun2}尚未系统化。',
      '为{num}名官员举办的培训涉及{noun}和{noun2}。',
      '{year}年，政府通过了一项涵盖{noun}和{noun2}的{adj}战略。',
    ],
    nouns: [
      '边境管理',
      '执法工作',
      '刑事司法',
      '恐怖主义融资',
      '暴力极端主义',
      '航空安全',
      '信息交流',
      '司法协助',
      '人权',
      '关键基础设施',
      '机构间协调',
      '法律框架',
      '国家战略',
      '风险评估',
      '金融情报',
      '社区参与',
    ],
    adjectives: ['有限', '不足', '有效', '分散', '全面'],
    verbs: ['注意到', '欢迎', '审查了', '强调了'],
    headings: ['背景', '法律框架', '边境管理', '打击恐怖主义融资', '刑事司法', '技术援助需求', '建议'],
    kinds: {
      assessment_report: '评估报告',
      ta_needs: '技术援助需求',
      recommendations: '建议',
      consultation_notes: '磋商记录',
      briefing: '情况简报',
    },
  },
};

/**
 * Terms planted to make questions. None occurs in the templates or word lists above (checked at
 * generation), and each question combines three of them, so its relevant documents are exactly the
 * ones holding all three in one passage. A few English terms are proper names written with a
 * capital, as users and documents write them.
 */
const PLANTED_TERMS: Record<Language, string[]> = {
  en: [
    'hawala',
    'cryptocurrency',
    'ransomware',
    'exfiltration',
    'biometric',
    'watchlist',
    'manifest',
    'deradicalisation',
    'reintegration',
    'extradition',
    'forensic',
    'ballistic',
    'precursor',
    'drone',
    'maritime',
    'seaport',
    'cargo',
    'container',
    'smuggling',
    'firearms',
    'ammunition',
    'remittance',
    'crowdfunding',
    'encryption',
    'darknet',
    'livestreaming',
    'propaganda',
    'recruitment',
    'returnees',
    'detention',
    'probation',
    'rehabilitation',
    'survivors',
    'testimony',
    'admissibility',
    'jurisprudence',
    'incitement',
    'glorification',
    'sanctions',
    'designation',
    'freezing',
    'ownership',
    'nonprofit',
    'charity',
    'courier',
    'bullion',
    'gemstones',
    'antiquities',
    'kidnapping',
    'ransom',
    'hostage',
    'hijacking',
    'sabotage',
    'pipeline',
    'refinery',
    'stadium',
    'pilgrimage',
    'festival',
    'hospitality',
    'telecom',
    'satellite',
    'avatar',
    'chatbot',
    'deepfake',
    'moderation',
    'takedown',
    'algorithm',
    'livestock',
    'fisheries',
    'mining',
    'gold',
    'timber',
    'charcoal',
    'khat',
    'tobacco',
    'counterfeit',
    'pharmaceuticals',
    'vaccine',
    'laboratory',
    'pathogen',
    'toxin',
    'radiological',
    'uranium',
    'isotope',
    'dosimeter',
    'scanner',
    'turnstile',
    'kiosk',
    'visa',
    'passport',
    'ledger',
    'escrow',
    'auditor',
    'whistleblower',
    'ombudsman',
    'tribunal',
    'amnesty',
    'curfew',
    'Egmont',
    'Schengen',
    'Europol',
    'Eurojust',
    'Aqaba',
    'Christchurch',
    'Budapest',
    'Marrakech',
    'Sahel',
    'Maghreb',
    'Balkans',
    'Caucasus',
  ],
  fr: [
    'blanchiment',
    'cryptomonnaie',
    'rançongiciel',
    'biométrique',
    'passerelle',
    'contrebande',
    'munitions',
    'otage',
    'enlèvement',
    'rançon',
    'propagande',
    'recrutement',
    'radicalisation',
    'réinsertion',
    'probation',
    'témoignage',
    'juridiction',
    'incitation',
    'gel',
    'avoirs',
    'bénéficiaire',
    'associatif',
    'donateur',
    'messagerie',
    'chiffrement',
    'plateforme',
    'portuaire',
    'conteneur',
    'fret',
    'explosifs',
  ],
  es: [
    'blanqueo',
    'criptomoneda',
    'secuestro',
    'rescate',
    'rehén',
    'contrabando',
    'municiones',
    'explosivos',
    'propaganda',
    'reclutamiento',
    'radicalización',
    'reinserción',
    'testimonio',
    'jurisdicción',
    'incitación',
    'congelación',
    'activos',
    'beneficiario',
    'donante',
    'mensajería',
    'cifrado',
    'plataforma',
    'portuario',
    'contenedor',
    'carga',
    'aduanero',
    'pasaporte',
    'biometría',
    'remesas',
    'fronterizo',
  ],
  ru: [
    'отмывание',
    'криптовалюта',
    'вымогательство',
    'заложник',
    'похищение',
    'выкуп',
    'контрабанда',
    'боеприпасы',
    'взрывчатка',
    'пропаганда',
    'вербовка',
    'радикализация',
    'реинтеграция',
    'свидетельство',
    'юрисдикция',
    'подстрекательство',
    'замораживание',
    'активы',
    'бенефициар',
    'пожертвования',
    'шифрование',
    'платформа',
    'порт',
    'контейнер',
    'груз',
    'паспорт',
    'биометрия',
    'переводы',
    'беспилотник',
    'мессенджер',
  ],
  ar: [
    'غسل',
    'العملات',
    'الفدية',
    'الرهائن',
    'الاختطاف',
    'التهريب',
    'الذخيرة',
    'المتفجرات',
    'الدعاية',
    'التجنيد',
    'الإدماج',
    'الشهادة',
    'الاختصاص',
    'التحريض',
    'التجميد',
    'الأصول',
    'المستفيد',
    'التبرعات',
    'التشفير',
    'المنصات',
    'الموانئ',
    'الحاويات',
    'الشحن',
    'الجوازات',
    'البيومترية',
    'الحوالات',
    'المسيرة',
    'الرقمنة',
    'الخوارزميات',
    'الجمعيات',
  ],
  zh: [
    '洗钱',
    '勒索',
    '人质',
    '绑架',
    '走私',
    '弹药',
    '炸药',
    '宣传',
    '招募',
    '证词',
    '管辖',
    '煽动',
    '冻结',
    '资产',
    '捐赠',
    '港口',
    '货运',
    '海关',
    '护照',
    '汇款',
    '无人机',
    '加密',
    '货币',
    '监狱',
    '难民',
    '签证',
    '矿产',
    '木材',
    '疫苗',
    '病毒',
  ],
};

// ---------------------------------------------------------------------------------------------
// Documents, consent, questions

export interface SyntheticChunk {
  ordinal: number;
  heading: string;
  text: string;
}

export interface SyntheticConsent {
  status: ConsentStatus;
  audience: Audience;
  /** A revoked document was granted first: its history has two versions. */
  previouslyGranted: boolean;
}

export interface SyntheticDocument {
  id: string;
  title: string;
  kind: string;
  memberStateId: string;
  ownerEntityId: string;
  language: Language;
  documentDate: string;
  classification: 'public' | 'internal' | 'restricted';
  consent: SyntheticConsent;
  chunks: SyntheticChunk[];
}

export interface BenchQuery {
  id: number;
  text: string;
  language: Language;
  terms: string[];
  /** Documents with a passage holding all three terms (before scope). */
  relevantDocumentIds: string[];
  memberId: string;
  context: AskContext;
  /** True when a term starts with a capital letter (the BM25 baseline lowercases only the query). */
  hasCapitalisedTerm: boolean;
}

export interface SyntheticCorpus {
  seed: number;
  directory: DirectoryImport;
  members: BenchMember[];
  documents: SyntheticDocument[];
  queries: BenchQuery[];
  chunkCount: number;
}

export interface CorpusOptions {
  seed: number;
  documents: number;
  chunksPerDocument: number;
  queries: number;
  members?: number;
}

/** One language per slot of a cycle of 20 documents (or questions): mostly English, every UN language present. */
const LANGUAGE_CYCLE: Language[] = [
  'en',
  'en',
  'fr',
  'en',
  'es',
  'en',
  'en',
  'ru',
  'en',
  'en',
  'ar',
  'en',
  'en',
  'zh',
  'en',
  'fr',
  'en',
  'es',
  'en',
  'en',
];

function chooseConsent(random: Random): SyntheticConsent {
  const roll = random();
  if (roll < 0.4) return { status: 'granted', audience: { kind: 'compact' }, previouslyGranted: false };
  if (roll < 0.55) {
    const ids = pickSome(
      random,
      ENTITIES.map(([id]) => id),
      1 + Math.floor(random() * 3),
    );
    return { status: 'granted', audience: { kind: 'entities', ids }, previouslyGranted: false };
  }
  if (roll < 0.75) {
    const ids = pickSome(
      random,
      WORKING_GROUPS.map(([id]) => id),
      1 + Math.floor(random() * 2),
    );
    return { status: 'granted', audience: { kind: 'groups', ids }, previouslyGranted: false };
  }
  if (roll < 0.85) return { status: 'withheld', audience: { kind: 'none' }, previouslyGranted: false };
  if (roll < 0.93) return { status: 'pending', audience: { kind: 'none' }, previouslyGranted: false };
  return { status: 'revoked', audience: { kind: 'compact' }, previouslyGranted: true };
}

function fillTemplate(random: Random, text: LanguageText, template: string, state: string): string {
  return template
    .replace('{noun2}', pick(random, text.nouns))
    .replace('{noun}', pick(random, text.nouns))
    .replace('{adj}', pick(random, text.adjectives))
    .replace('{verb}', pick(random, text.verbs))
    .replace('{state}', state)
    .replace('{entity2}', pick(random, ENTITIES)[0])
    .replace('{entity}', pick(random, ENTITIES)[0])
    .replace('{group}', pick(random, WORKING_GROUPS)[1])
    .replace('{year}', String(2015 + Math.floor(random() * 12)))
    .replace(/\{num\}/g, () => String(2 + Math.floor(random() * 180)));
}

const SENTENCE_JOINER: Record<Language, string> = { en: ' ', fr: ' ', es: ' ', ru: ' ', ar: ' ', zh: '' };

/** A sentence carrying planted terms, in the document's language. */
function plantedSentence(random: Random, language: Language, terms: string[], state: string): string {
  const [a, b, c] = terms;
  const rest = terms.slice(1).join(language === 'zh' ? '和' : ', ');
  switch (language) {
    case 'en':
      return c === undefined
        ? `The mission also looked at ${a} and ${b} in ${state}.`
        : pick(random, [
            `Officials described ${a} linked to ${b} and ${c} as a growing concern.`,
            `The report notes that ${a}, ${b} and ${c} require closer monitoring in ${state}.`,
          ]);
    case 'fr':
      return `Les autorités de ${state} ont évoqué ${a} ainsi que ${rest}.`;
    case 'es':
      return `Las autoridades de ${state} mencionaron ${a} junto con ${rest}.`;
    case 'ru':
      return `Представители ${state} упомянули ${a}, а также ${rest}.`;
    case 'ar':
      return `أشارت سلطات ${state} إلى ${a} و${terms.slice(1).join(' و')}.`;
    case 'zh':
      return `${state}当局提到了${a}、${rest}。`;
  }
}

function assertPlantedTermsAreAbsentFromTemplates(): void {
  for (const language of Object.keys(TEXT) as Language[]) {
    const text = TEXT[language];
    const background = [...text.templates, ...text.nouns, ...text.adjectives, ...text.verbs, ...text.headings, ...Object.values(text.kinds)]
      .join(' ')
      .toLowerCase();
    for (const term of PLANTED_TERMS[language]) {
      const pattern = language === 'zh' ? term : `(^|[^\\p{L}])${term.toLowerCase()}($|[^\\p{L}])`;
      if (new RegExp(pattern, 'u').test(background))
        throw new Error(`planted term '${term}' (${language}) also occurs in the background text`);
    }
  }
}

/**
 * Builds the corpus. Documents get a language from a fixed cycle, a Member State, a kind, an owner
 * entity and a consent state; each passage is 4–6 template sentences under a section heading.
 * Then one question per topic: three planted terms of one language, planted together in 1–6
 * documents of that language and in pairs (distractors) in a few more.
 */
export function generateSyntheticCorpus(options: CorpusOptions): SyntheticCorpus {
  assertPlantedTermsAreAbsentFromTemplates();
  const random = createRandom(options.seed);
  const { directory, members } = buildDirectory(random, options.members ?? 24);
  const kinds = Object.keys(TEXT.en.kinds);
  const ownerWeights = ['CTED', 'CTED', 'CTED', 'UNOCT', 'UNOCT', 'UNODC', 'INTERPOL', 'OHCHR', 'UNDP', 'ICAO', 'IOM', 'UNICRI', 'WCO'];

  const documents: SyntheticDocument[] = [];
  for (let index = 0; index < options.documents; index += 1) {
    const language = LANGUAGE_CYCLE[index % LANGUAGE_CYCLE.length] ?? 'en';
    const text = TEXT[language];
    const state = pick(random, MEMBER_STATES);
    const kind = pick(random, kinds);
    const year = 2019 + Math.floor(random() * 8);
    const chunks: SyntheticChunk[] = [];
    let heading = pick(random, text.headings);
    for (let ordinal = 0; ordinal < options.chunksPerDocument; ordinal += 1) {
      if (ordinal % 5 === 0) heading = `${1 + ordinal / 5}. ${pick(random, text.headings)}`;
      const sentenceCount = 4 + Math.floor(random() * 3);
      const sentences: string[] = [];
      for (let s = 0; s < sentenceCount; s += 1) sentences.push(fillTemplate(random, text, pick(random, text.templates), state));
      chunks.push({ ordinal, heading, text: `${ordinal + 1}. ${sentences.join(SENTENCE_JOINER[language])}` });
    }
    documents.push({
      id: `bench-doc-${String(index).padStart(5, '0')}`,
      title: `${state} — ${text.kinds[kind] ?? kind} ${year}`,
      kind,
      memberStateId: state.toLowerCase(),
      ownerEntityId: pick(random, ownerWeights),
      language,
      documentDate: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      classification: pick(random, ['public', 'internal', 'internal', 'restricted'] as const),
      consent: chooseConsent(random),
      chunks,
    });
  }

  // Planting. Each chunk remembers the planted terms it holds, so relevance is computed exactly
  // (two topics planted in one passage can make a third topic's terms co-occur by chance).
  const plantedByChunk = new Map<string, Set<string>>();
  const plant = (document: SyntheticDocument, terms: string[]): void => {
    const chunk = pick(random, document.chunks);
    const sentence = plantedSentence(random, document.language, terms, document.title.split(' — ')[0] ?? '');
    chunk.text = `${chunk.text}${SENTENCE_JOINER[document.language]}${sentence}`;
    const key = `${document.id}#${chunk.ordinal}`;
    const held = plantedByChunk.get(key) ?? new Set<string>();
    for (const term of terms) held.add(term);
    plantedByChunk.set(key, held);
  };
  const documentsByLanguage = new Map<Language, SyntheticDocument[]>();
  for (const document of documents)
    documentsByLanguage.set(document.language, [...(documentsByLanguage.get(document.language) ?? []), document]);

  const topics: { language: Language; terms: string[] }[] = [];
  const seenTriples = new Set<string>();
  for (let index = 0; index < options.queries; index += 1) {
    const language = LANGUAGE_CYCLE[index % LANGUAGE_CYCLE.length] ?? 'en';
    const pool = PLANTED_TERMS[language];
    let terms: string[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      terms = pickSome(random, pool, 3);
      const key = `${language}:${[...terms].sort().join('|')}`;
      if (!seenTriples.has(key)) {
        seenTriples.add(key);
        break;
      }
    }
    topics.push({ language, terms });
    const candidates = documentsByLanguage.get(language) ?? [];
    const relevantCount = Math.min(candidates.length, 1 + Math.floor(random() * 6));
    for (const document of pickSome(random, candidates, relevantCount)) {
      plant(document, terms);
      if (random() < 0.3) plant(document, terms);
    }
    // Distractors: two of the three terms together, elsewhere.
    for (const document of pickSome(random, candidates, Math.min(candidates.length, 3))) plant(document, pickSome(random, terms, 2));
  }

  const chunksByTerm = new Map<string, string[]>();
  for (const [key, terms] of plantedByChunk) for (const term of terms) chunksByTerm.set(term, [...(chunksByTerm.get(term) ?? []), key]);
  const memberContexts: { memberId: string; context: AskContext }[] = [];
  for (const member of members) {
    memberContexts.push({ memberId: member.id, context: { kind: 'dm' } });
    for (const groupId of member.groups)
      memberContexts.push({ memberId: member.id, context: { kind: 'channel', workingGroupId: groupId } });
  }
  const queries: BenchQuery[] = topics.map((topic, index) => {
    const [first, ...others] = topic.terms;
    const chunksWithAll = (chunksByTerm.get(first ?? '') ?? []).filter((key) => others.every((term) => plantedByChunk.get(key)?.has(term)));
    const relevant = [...new Set(chunksWithAll.map((key) => key.split('#')[0] ?? ''))].sort();
    // Every member, in DM and in each of their groups' channels, in turn.
    const asker = memberContexts[index % memberContexts.length] ?? { memberId: members[0]?.id ?? '', context: { kind: 'dm' as const } };
    return {
      id: index,
      text: topic.terms.join(' '),
      language: topic.language,
      terms: topic.terms,
      relevantDocumentIds: relevant,
      memberId: asker.memberId,
      context: asker.context,
      hasCapitalisedTerm: topic.terms.some((term) => term !== term.toLowerCase()),
    };
  });

  return { seed: options.seed, directory, members, documents, queries, chunkCount: documents.length * options.chunksPerDocument };
}
