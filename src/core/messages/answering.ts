import type { Translations } from './catalogue-types.js';

/** What the bot says around an answer. Refusals name nothing: no document, owner, date or hint. */
export const answering = {
  'answer.not_found': {
    en: "I couldn't find information on that in the documents available to you",
    fr: "Je n'ai pas trouvé d'information à ce sujet dans les documents qui vous sont accessibles",
    es: 'No encontré información sobre eso en los documentos a los que tiene acceso',
    ru: 'Я не нашёл сведений об этом в доступных вам документах',
    ar: 'لم أعثر على معلومات بشأن ذلك في الوثائق المتاحة لك',
    zh: '在您可以查阅的文件中，我没有找到这方面的信息',
  },
  'answer.no_access': {
    en: "I can't answer questions for this account yet: it isn't linked to a member of the Compact directory. Ask your working group secretariat or the Compact Bot administrator to add your chat account to the directory, then ask again.",
    fr: "Je ne peux pas encore répondre pour ce compte : il n'est lié à aucun membre de l'annuaire du Pacte. Demandez au secrétariat de votre groupe de travail ou à l'administrateur de Compact Bot d'ajouter votre compte de messagerie à l'annuaire, puis reposez votre question.",
    es: 'Todavía no puedo responder a esta cuenta: no está vinculada a ningún miembro del directorio del Pacto. Pida a la secretaría de su grupo de trabajo o al administrador de Compact Bot que añada su cuenta de chat al directorio y vuelva a preguntar.',
    ru: 'Я пока не могу отвечать этой учётной записи: она не связана ни с одним участником справочника Пакта. Попросите секретариат вашей рабочей группы или администратора Compact Bot добавить вашу учётную запись в справочник и задайте вопрос снова.',
    ar: 'لا يمكنني بعد الإجابة عن أسئلة هذا الحساب: فهو غير مرتبط بأي عضو في دليل الاتفاق. اطلب من أمانة فريقك العامل أو من مسؤول Compact Bot إضافة حساب الدردشة الخاص بك إلى الدليل، ثم أعد السؤال.',
    zh: '我暂时无法回答此账户的问题：它尚未与《契约》名录中的任何成员关联。请联系您所在工作组的秘书处或 Compact Bot 管理员，将您的聊天账户添加到名录中，然后再提问。',
  },
  'answer.override_refused': {
    en: "I answer only from the documents you may see, and I don't follow instructions to change who may see what. Ask me about those documents.",
    fr: 'Je réponds uniquement à partir des documents qui vous sont accessibles et je ne suis pas les instructions visant à modifier qui peut voir quoi. Posez-moi une question sur ces documents.',
    es: 'Solo respondo a partir de los documentos a los que tiene acceso y no sigo instrucciones para cambiar quién puede ver qué. Pregúnteme sobre esos documentos.',
    ru: 'Я отвечаю только по документам, доступным вам, и не выполняю указаний изменить, кто что может видеть. Задайте вопрос об этих документах.',
    ar: 'أجيب فقط استنادًا إلى الوثائق المتاحة لك، ولا أتبع تعليمات لتغيير من يحق له الاطلاع على ماذا. اسألني عن تلك الوثائق.',
    zh: '我只根据您可以查阅的文件作答，不会听从更改访问权限的指令。请就这些文件向我提问。',
  },
  'answer.cautious_intro': {
    en: 'The documents available to you may not answer this exactly. The closest passage:',
    fr: 'Les documents qui vous sont accessibles ne répondent peut-être pas exactement à cette question. Le passage le plus proche :',
    es: 'Es posible que los documentos a los que tiene acceso no respondan exactamente a esta pregunta. El pasaje más cercano:',
    ru: 'Возможно, доступные вам документы не отвечают на этот вопрос точно. Ближайший фрагмент:',
    ar: 'قد لا تجيب الوثائق المتاحة لك عن هذا السؤال بدقة. أقرب مقطع:',
    zh: '您可以查阅的文件可能无法确切回答这个问题。最接近的段落：',
  },
  'answer.intro': {
    en: 'From the documents available to you:',
    fr: 'D’après les documents qui vous sont accessibles :',
    es: 'Según los documentos a los que tiene acceso:',
    ru: 'По доступным вам документам:',
    ar: 'استنادًا إلى الوثائق المتاحة لك:',
    zh: '根据您可以查阅的文件：',
  },
  'answer.sources': {
    en: 'Sources',
    fr: 'Sources',
    es: 'Fuentes',
    ru: 'Источники',
    ar: 'المصادر',
    zh: '来源',
  },
  'answer.extractive_notice': {
    en: 'Quoted from the documents: no language model is configured, so this answer is extractive.',
    fr: 'Extraits des documents : aucun modèle de langage n’est configuré, cette réponse est donc extractive.',
    es: 'Citado de los documentos: no hay ningún modelo de lenguaje configurado, por lo que esta respuesta es extractiva.',
    ru: 'Цитаты из документов: языковая модель не настроена, поэтому ответ составлен из выдержек.',
    ar: 'مقتبس من الوثائق: لم يُهيَّأ أي نموذج لغوي، لذا فهذه الإجابة مستخلصة.',
    zh: '摘自文件：未配置语言模型，因此本回答为摘录式回答。',
  },
  'answer.ai_generated': {
    en: 'AI-generated from the documents you may see; check the sources.',
    fr: 'Généré par IA à partir des documents que vous pouvez consulter ; vérifiez les sources.',
    es: 'Generado por IA a partir de los documentos que puede consultar; verifique las fuentes.',
    ru: 'Создано ИИ на основе доступных вам документов; проверьте источники.',
    ar: 'أُنشئ بالذكاء الاصطناعي من الوثائق المتاحة لك؛ تحقّق من المصادر.',
    zh: '由人工智能根据您可查阅的文件生成；请核对来源。',
  },
} satisfies Record<string, Translations>;
