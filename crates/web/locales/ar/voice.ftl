voice-nav = المقترحات
voice-title = المقترحات
voice-lead = أفكار من سكان هذه الأماكن لأماكنهم. ادعم ما يهمك منها، وناقشها، وتابع ما يجيب به المجلس أو القائمون على المكان وما أُنجز.
voice-sign-in = سجّل الدخول لتقديم مقترح
voice-sign-in-support = سجّل الدخول لدعم هذا المقترح أو متابعته
voice-new-button = قدّم مقترحًا
voice-new-title = قدّم مقترحًا
voice-edit-title = عدّل المسودة
voice-form-help = قل ما الذي تريد تغييره ولماذا. انشره الآن، أو احتفظ به مسودةً لا يراها غيرك.
voice-filter-any-place = أي مكان
voice-filter-any-state = أي إجابة
voice-filter-button = اعرض
voice-none = لا توجد مقترحات هنا بعد.
voice-mine = مقترحاتك
voice-draft = مسودة
voice-choose = اختر…
voice-cancel = إلغاء
voice-breadcrumb = أين أنت
voice-feeds-heading = تابِع في قارئ الخلاصات
voice-feed-proposals = المقترحات الجديدة (Atom)
voice-feed-answers = الإجابات والتقدّم (Atom)
voice-supports-count = { $count ->
    [zero] لا داعمين
    [one] داعم واحد
    [two] داعمان
    [few] { $count } داعمين
    [many] { $count } داعمًا
   *[other] { $count } داعم
}
voice-comments-count = { $count ->
    [zero] لا تعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}
voice-proposed-by = اقترحه { $name }
voice-field-place = المكان
voice-field-state = الإجابة
voice-field-title = مقترحك في كلمات قليلة
voice-field-title-hint = مثلًا "معبر مشاة أمام مدرسة سانت سافيور".
voice-field-summary = في جملة أو جملتين
voice-field-summary-hint = يظهر هذا في القوائم.
voice-field-body = المزيد عنه
voice-field-body-hint = اختياري. لماذا يهم ومن سيستفيد. من دون بيانات شخصية لأي أحد.
voice-publish-button = انشر
voice-draft-button = احفظ كمسودة
voice-edit-link = عدّل المسودة
voice-draft-help = لا يرى هذه المسودة غيرك. انشرها حين تكون جاهزة؛ بعد النشر لا يمكن تعديلها.
voice-support-button = أدعم هذا المقترح
voice-unsupport-button = اسحب دعمي
voice-follow-button = تابِع (راسلني بالإجابات والتقدّم)
voice-unfollow-button = أوقف المتابعة
voice-support-closed-help = اتُّخذ قرار، لذا لم يعد هذا المقترح يجمع الدعم.
voice-answers-heading = الإجابة الرسمية والتقدّم
voice-no-answer = لا إجابة بعد.
voice-official-answer = إجابة
voice-update = تحديث عن التقدّم
voice-by-stewards = القائمون على { $place }
voice-as-steward = أحد القائمين على { $place }
voice-answer-heading = أجب أو قدّم تحديثًا
voice-field-by = تجيب باسم
voice-field-answer-state = الحالة
voice-field-answer = الأسباب، أو ما الذي أُنجز
voice-field-answer-hint = يُنشر هذا على الصفحة ويُرسل بالبريد إلى متابعي المقترح.
voice-answer-button = انشر الإجابة
voice-comments-heading = التعليقات
voice-no-comments = لا تعليقات بعد.
voice-comment-removed = أزال أحد القائمين هذا التعليق.
voice-reply-link = رُدّ
voice-report-link = أبلِغ
voice-comment-heading = أضف تعليقًا
voice-reply-heading = الرد على { $name }
voice-field-comment = تعليقك
voice-field-comment-hint = كن لطيفًا. من دون بيانات شخصية لأي أحد.
voice-comment-button = انشر التعليق
voice-report-title = الإبلاغ عن تعليق
voice-report-help = سيقرأ القائمون على هذا المكان البلاغ وقد يزيلون التعليق. لن يُخبَر كاتبه بمن أبلغ عنه.
voice-field-reason = لماذا تبلغ عنه؟
voice-field-report-details = ما ينبغي أن يعرفه القائمون
voice-field-report-details-hint = اختياري.
voice-report-button = أرسل البلاغ
voice-reason-abusive = مسيء أو يحض على الكراهية
voice-reason-personal-data = يكشف بيانات شخصية لأحد
voice-reason-spam = رسائل مزعجة أو إعلان
voice-reason-off-topic = خارج الموضوع
voice-reason-other = شيء آخر
voice-moderation-title = التعليقات المُبلَّغ عنها
voice-moderation-help = تعليقات على مقترحات في الأماكن التي تقوم عليها أبلغ عنها أحد. يُسجَّل قرارك وسببه في السجل العام للمكان، من دون بيانات شخصية لأي أحد.
voice-moderation-none = لا شيء ينتظر.
voice-field-decision-reason = سببك (علني)
voice-remove-button = أزِل التعليق
voice-dismiss-button = أبقِه
voice-log-title = سجل الرعاية في { $place }
voice-log-help = كل إجابة أُعطيت وكل قرار إشراف اتُّخذ هنا: من تصرّف، وبأي صفة، وفي ماذا، ولماذا. لا يذكر أبدًا الشخص الذي يخصه القرار.
voice-log-none = لم يُسجَّل شيء بعد.
voice-log-when = متى
voice-log-who = من
voice-log-role = الصفة
voice-log-what = ماذا
voice-log-why = لماذا
voice-role-steward = قائم على المكان
voice-role-node-admin = مدير العقدة
voice-role-public-body = جهة عامة
voice-action-comment-removed = أزال تعليقًا
voice-action-report-dismissed = أبقى تعليقًا مُبلَّغًا عنه
voice-action-proposal-answered = أجاب عن مقترح
voice-action-proposal-updated = حدّث تقدّم مقترح
voice-state-none = لم تُقدَّم إجابة بعد
voice-state-under-consideration = قيد الدراسة
voice-state-accepted = مقبول
voice-state-in-progress = قيد التنفيذ
voice-state-done = أُنجز
voice-state-not-taken-forward = لن يُنفَّذ
voice-email-answer-subject = "{ $title }": { $state }
voice-email-answer-body = مرحبًا،

    أجاب { $who } عن المقترح "{ $title }" على { $node }: { $state }.

    { $answer }

    اقرأه كاملًا، أو أوقف متابعة المقترح، من هنا:
    { $link }

error-voice-title-required = قل في كلمات قليلة ما تقترحه
error-voice-summary-required = قل في جملة أو جملتين ما تقترحه
error-voice-text-too-long = هذا طويل جدًا
error-voice-text-invalid = احذف محارف التحكم
error-voice-comment-required = اكتب تعليقًا
error-voice-answer-required = اذكر الأسباب، أو قل ما الذي أُنجز
error-voice-reason-invalid = اختر سبب الإبلاغ
error-voice-answer-state-invalid = اختر حالة
error-voice-answer-state-not-allowed = لا يمكن أن ينتقل المقترح إلى هذه الحالة من حالته الحالية
error-voice-place-invalid = اختر مكانًا
error-voice-parent-invalid = التعليق الذي ترد عليه ليس على هذا المقترح
error-voice-comment-invalid = اختر تعليقًا على هذا المقترح
error-voice-report-own = لا يمكنك الإبلاغ عن تعليقك
error-voice-by-required = اختر الجهة التي تجيب باسمها
error-voice-by-invalid = لا توجد مجموعة بهذا الاسم
error-voice-decision-invalid = اختر إزالة التعليق أو إبقاءه

notice-voice-published = نُشر مقترحك.
notice-voice-drafted = حُفظت مسودتك. لا يراها غيرك.
notice-voice-saved = حُفظت مسودتك.
notice-voice-supported = شكرًا: احتُسب دعمك.
notice-voice-unsupported = سُحب دعمك.
notice-voice-followed = ستصلك رسالة حين تُقدَّم إجابة أو تحديث عن التقدّم.
notice-voice-unfollowed = لم تعد تتابع هذا المقترح.
notice-voice-commented = نُشر تعليقك.
notice-voice-answered = نُشرت الإجابة وأُخبر متابعو المقترح.
notice-voice-reported = شكرًا. سينظر القائمون على المكان في بلاغك.
notice-voice-decided = عولج البلاغ، والقرار في السجل العام.
notice-voice-reason-too-long = السبب طويل جدًا.
notice-voice-not-draft = هذا المقترح منشور بالفعل.
notice-voice-support-closed = اتُّخذ قرار، لذا لم يعد هذا المقترح يجمع الدعم.
notice-voice-already-supported = أنت تدعم هذا المقترح بالفعل؛ كل شخص يُحتسب مرة واحدة.
notice-voice-not-supported = لم تكن تدعمه.
notice-voice-not-published = هذا المقترح غير منشور.
notice-voice-report-decided = عولج هذا البلاغ من قبل.
notice-voice-answer-changed = أجاب أحد في الوقت نفسه. اقرأ إجابته ثم حاول مجددًا.
notice-voice-author-only = وحده صاحب المقترح يستطيع ذلك.
notice-voice-answer-not-allowed = لا يجيب عن المقترحات إلا جهة عامة موثّقة أو القائمون على المكان.
notice-voice-body-not-verified = هذه المجموعة ليست جهة عامة موثّقة، فلا يمكنها تقديم إجابات رسمية.
notice-voice-body-not-here = هذه الجهة العامة لا تشمل هذا المكان.
notice-voice-steward-only = وحدهم القائمون على المكان يستطيعون ذلك.

poll-title = التصويتات
poll-lead = قرّروا معًا. تصويتك سرّي: تسجّل العقدة أنك صوّتّ، وتحفظ بشكل منفصل كيف صوّتّ، ولا شيء يربط بينهما، ولا يستطيع أحد (ولا القائمون ولا مديرو العقدة) معرفة كيف صوّتّ.
poll-new-button = افتح تصويتًا
poll-open-heading = مفتوحة للتصويت
poll-none-open = لا يوجد تصويت مفتوح الآن.
poll-closes-on = يُغلق في نهاية { $date }
poll-closed-heading = مغلقة
poll-closed-on = أُغلق في { $date }
poll-new-title = افتح تصويتًا
poll-form-help = يفتح التصويتَ لمكان كامل القائمون عليه، ويفتحه لأعضاء مجموعة مديروها. يبدأ التصويت فور فتحه.
poll-field-question = السؤال
poll-field-description = المزيد عنه
poll-field-description-hint = اختياري. ما الذي يُقرَّر، وماذا يحدث بالنتيجة.
poll-field-kind = طريقة التصويت
poll-kind-single = اختيار واحد
poll-kind-multiple = اختيار حتى عدد معيّن
poll-kind-approval = الموافقة على أيٍّ منها
poll-kind-ranked = الترتيب حسب التفضيل (الجولات الفورية)
poll-field-options = الخيارات
poll-field-options-hint = خيار في كل سطر؛ من اثنين إلى ثلاثين.
poll-field-max-choices = كم خيارًا يمكن اختياره
poll-field-max-choices-hint = فقط لطريقة "اختيار حتى عدد معيّن".
poll-field-place = من يصوّت: سكان هذا المكان
poll-field-group = أو أعضاء إحدى مجموعاتك فقط
poll-field-group-hint = اترك "بلا مجموعة" لتصويت المكان كله.
poll-group-none = بلا مجموعة
poll-field-results = متى تظهر النتائج
poll-results-after-close = بعد إغلاق التصويت
poll-results-live = مع وصول الأصوات
poll-field-closes-on = آخر يوم للتصويت
poll-field-closes-on-hint = خلال 90 يومًا.
poll-open-button = افتح التصويت
poll-who-group = أعضاء { $group }
poll-who-place = سكان { $place }
poll-secret = تصويتك سرّي. تحفظ العقدة أنك صوّتّ بمعزل عن ورقتك، بلا أي رابط بينهما.
poll-you-voted = لقد صوّتّ. شكرًا لك.
poll-is-closed = هذا التصويت مغلق.
poll-sign-in = سجّل الدخول للتصويت
poll-not-eligible-help = لا يصوّت إلا من وُجّه إليهم هذا التصويت. في حالة المكان، هم من اختاروه (أو مكانًا ضمنه) مكانًا لسكنهم في صفحة حسابهم.
poll-rank-legend = رتّب الخيارات
poll-rank-hint = أعطِ 1 لخيارك الأول و2 للثاني وهكذا. رتّب ما تشاء واترك الباقي فارغًا.
poll-rank-none-option = غير مرتّب
poll-choose-up-to = اختر حتى { $count }
poll-approve-legend = ضع علامة على كل خيار توافق عليه
poll-choose-one-legend = اختر واحدًا
poll-vote-button = أدلِ بصوتي
poll-results-heading = النتائج
poll-results-later = تظهر النتائج عند إغلاق التصويت، بعد { $date }.
poll-ballots-count = { $count ->
    [zero] لا أوراق
    [one] ورقة واحدة
    [two] ورقتان
    [few] { $count } أوراق
    [many] { $count } ورقة
   *[other] { $count } ورقة
}
poll-winner = النتيجة: { $option }
poll-first-preferences = التفضيلات الأولى
poll-option = الخيار
poll-votes = الأصوات
poll-share = النسبة
poll-winner-tag = المختار
poll-rounds-heading = الجولات الفورية، جولةً بجولة
poll-rounds-help = في كل جولة يخرج الخيار الأقل أصواتًا، وتنتقل أوراقه إلى الخيار التالي الذي ما زال في السباق، حتى ينال خيار أكثر من نصف الأوراق التي ما زالت تُحتسب. يُحسم التعادل بالجولات السابقة، ثم بترتيب الخيارات (يخرج المتأخر).
poll-round = الجولة
poll-exhausted = لا خيار متبقٍ
poll-outcome = النتيجة
poll-round-eliminated = خرج { $option }
poll-round-won = فاز { $option }

error-poll-question-required = اكتب السؤال
error-poll-text-too-long = هذا طويل جدًا
error-poll-text-invalid = احذف محارف التحكم
error-poll-kind-invalid = اختر طريقة التصويت
error-poll-options-too-few = اكتب خيارين على الأقل، كلًّا في سطر
error-poll-options-too-many = اكتب ثلاثين خيارًا على الأكثر
error-poll-option-invalid = يجب ألا يزيد كل خيار على 120 محرفًا، وأن يكون في سطر وحده
error-poll-options-repeated = يجب أن تختلف الخيارات
error-poll-max-choices-invalid = اكتب عددًا من 2 حتى عدد الخيارات
error-poll-results-invalid = اختر متى تظهر النتائج
error-poll-closes-in-past = لا يمكن أن يكون آخر يوم في الماضي
error-poll-closes-too-far = يجب أن يكون آخر يوم خلال 90 يومًا
error-poll-date-invalid = أدخل تاريخًا حقيقيًا، مثل 2027-01-01
error-poll-option-unknown = اختر من الخيارات المعروضة
error-poll-choice-repeated = اختر كل خيار مرة واحدة
error-poll-choose-one = اختر خيارًا واحدًا
error-poll-choose-some = اختر خيارًا واحدًا على الأقل
error-poll-too-many-choices = اخترت خيارات أكثر مما يسمح به هذا التصويت
error-poll-rank-required = رتّب الخيارات
error-poll-rank-none = رتّب خيارًا واحدًا على الأقل
error-poll-rank-repeated = أعطِ كل رتبة لخيار واحد فقط
error-poll-rank-invalid = الرتب أعداد من 1 حتى عدد الخيارات
error-poll-rank-missing = استعمل الرتب بالترتيب دون تخطٍّ: 1 ثم 2 ثم 3
error-poll-group-invalid = لا توجد مجموعة بهذا الاسم
error-poll-place-invalid = اختر مكانًا

notice-poll-opened = التصويت مفتوح.
notice-poll-voted = احتُسب صوتك. لا أحد يستطيع أن يرى كيف صوّتّ.
notice-poll-closed = هذا التصويت مغلق.
notice-poll-already-voted = لقد صوّتّ في هذا التصويت من قبل؛ كل شخص يصوّت مرة واحدة.
notice-poll-not-eligible = هذا التصويت ليس مفتوحًا لك.
notice-poll-group-admin-only = لا يفتح تصويتًا لأعضاء المجموعة إلا مديروها.
notice-poll-steward-only = لا يفتح تصويتًا للمكان كله إلا القائمون عليه.

budget-title = الموازنات التشاركية
budget-lead = مال لمكان يُنفق على ما يختاره سكانه. اقترحوا مشاريع بتكاليفها؛ يتحقق القائمون على المكان من إمكان تنفيذ كل منها بتلك التكلفة؛ ثم يختار كل السكان مشاريع تتسع لها الموازنة مجتمعة.
budget-new-button = افتح موازنة
budget-none = لا موازنات بعد.
budget-stage-proposing = استقبال المشاريع
budget-stage-reviewing = قيد المراجعة
budget-stage-voting = التصويت
budget-stage-closed = حُسمت
budget-stages = المراحل
budget-new-title = افتح موازنة تشاركية
budget-form-help = لا يفتح الموازنة إلا القائمون على المكان (ومديرو العقدة). تبدأ باستقبال المشاريع.
budget-field-title = اسم الموازنة
budget-field-description = الغرض منها
budget-field-description-hint = اختياري. من أين يأتي المال، وما الذي يمكن وما لا يمكن أن يموّله.
budget-field-amount = المبلغ بالجنيهات الكاملة
budget-field-amount-hint = مثلًا 25000.
budget-field-place = المكان
budget-open-button = افتح الموازنة
budget-amount = الموازنة: { $amount }
budget-advance-to-reviewing = أوقف استقبال المشاريع وابدأ المراجعة
budget-advance-to-voting = افتح التصويت
budget-advance-to-closed = أغلق التصويت واعرض النتائج
budget-results-heading = النتائج
budget-left-over = المتبقي: { $amount }
budget-results-help = تُموَّل المشاريع بحسب الأصوات (عند التعادل الأرخص أولًا)، كلٌّ منها إن اتسع له ما تبقى.
budget-project = المشروع
budget-cost = التكلفة
budget-outcome = النتيجة
budget-outcome-funded = مُوِّل
budget-outcome-did-not-fit = لم يُموَّل: لم يتسع له ما تبقى
budget-outcome-no-votes = لم يُموَّل: بلا أصوات
budget-vote-heading = اختر المشاريع
budget-choose-legend = اختر مشاريع لا تزيد تكلفتها مجتمعة على { $amount }
budget-choose-hint = اجمع التكاليف وأنت تختار: يُرفض الاختيار الذي يتجاوز الموازنة.
budget-projects-heading = المشاريع
budget-no-projects = لا مشاريع بعد.
budget-review-pending = بانتظار المراجعة
budget-review-accepted = مقبول للتصويت
budget-review-rejected = غير مقبول
budget-field-note = ملاحظة (تظهر مع المشروع)
budget-accept-button = اقبل
budget-reject-button = لا تقبل
budget-propose-heading = اقترح مشروعًا
budget-field-project-title = المشروع في كلمات قليلة
budget-field-project-description = ما هو، ومن يساعد
budget-field-cost = تكلفته بالجنيهات الكاملة
budget-field-cost-hint = لا تزيد على الموازنة كلها.
budget-propose-button = اقترحه
budget-sign-in = سجّل الدخول لاقتراح مشروع

error-budget-amount-out-of-range = أدخل مبلغًا من 1 إلى 100,000,000
error-budget-amount-invalid = أدخل عددًا صحيحًا من الجنيهات، مثل 2500
error-budget-text-too-long = هذا طويل جدًا
error-budget-title-required = أعطها اسمًا
error-budget-text-invalid = احذف محارف التحكم
error-budget-choose-some = اختر مشروعًا واحدًا على الأقل
error-budget-project-repeated = اختر كل مشروع مرة واحدة
error-budget-project-unknown = اختر من المشاريع المقبولة للتصويت
error-budget-over-limit = تكلفة اختيارك تتجاوز الموازنة: أزِل شيئًا
error-budget-place-invalid = اختر مكانًا
error-budget-cost-over-budget = التكلفة تتجاوز الموازنة كلها
error-budget-decision-invalid = اختر قبول المشروع أو عدمه

notice-budget-opened = الموازنة تستقبل المشاريع.
notice-budget-proposed = اقتُرح مشروعك. سيراجعه القائمون على المكان.
notice-budget-reviewed = حُفظت المراجعة.
notice-budget-review-invalid = تعذّر حفظ المراجعة: اختر القبول أو عدمه، بملاحظة أقصر.
notice-budget-now-reviewing = لم تعد الموازنة تستقبل المشاريع؛ بدأت المراجعة.
notice-budget-now-voting = التصويت مفتوح.
notice-budget-now-closed = أُغلق التصويت وظهرت النتائج.
notice-budget-voted = احتُسب صوتك. لا أحد يستطيع أن يرى كيف صوّتّ.
notice-budget-closed = حُسمت هذه الموازنة.
notice-budget-nothing-accepted = اقبل مشروعًا واحدًا على الأقل قبل فتح التصويت.
notice-budget-stage-changed = نقل أحدٌ الموازنة إلى المرحلة التالية في الوقت نفسه.
notice-budget-not-proposing = لم تعد هذه الموازنة تستقبل المشاريع.
notice-budget-not-reviewing = تُراجع المشاريع في مرحلة المراجعة فقط.
notice-budget-not-voting = هذه الموازنة غير مفتوحة للتصويت.
notice-budget-already-voted = لقد صوّتّ على هذه الموازنة من قبل؛ كل شخص يصوّت مرة واحدة.
notice-budget-steward-only = وحدهم القائمون على المكان يستطيعون ذلك.

consultation-title = الاستشارات
consultation-lead = يسأل مجلس أو جهة عامة موثّقة أخرى سكانَ مكانٍ عن آرائهم لمدة محددة ولغرض معلن. لا ترى أبدًا إجابات أي شخص بعينه: ما تسمعه يصلها مجاميعَ تحمي الجميع فقط.
consultation-new-button = افتح استشارة (للجهات العامة الموثّقة)
consultation-open-heading = مفتوحة الآن
consultation-none-open = لا توجد استشارة مفتوحة الآن.
consultation-closed-heading = مغلقة
consultation-new-title = افتح استشارة
consultation-form-help = لا يفتح الاستشارات إلا مديرو جهة عامة موثّقة، لمكان الجهة نفسه.
consultation-field-group = باسم
consultation-field-title = العنوان
consultation-field-purpose = الغرض
consultation-field-purpose-hint = لِمَ ستُستعمل الإجابات، ومن يقرر، ومتى يسمع الناس الرد.
consultation-field-questions = الأسئلة
consultation-field-questions-hint = سؤال في كل سطر. "text: …" لإجابة مكتوبة، و"scale: …" لمقياس من 1 إلى 5، و"choice: … | خيار | خيار" للاختيار.
consultation-field-closes-on = آخر يوم للرد
consultation-open-button = افتح الاستشارة
consultation-calendar = أضف التواريخ إلى تقويم
consultation-purpose-heading = الغرض من هذا
consultation-privacy = تُحفظ إجاباتك بمعزل عن كونك رددت. لا يستطيع أحد، ولا الجهة نفسها، قراءة ما قاله شخص بعينه.
consultation-respondents = { $count ->
    [zero] لم يرد أحد بعد.
    [one] ردّ شخص واحد.
    [two] ردّ شخصان.
    [few] ردّ { $count } أشخاص.
   *[other] ردّ { $count } شخصًا.
}
consultation-response-heading = ردّ الجهة
consultation-you-responded = لقد رددت. شكرًا لك.
consultation-sign-in = سجّل الدخول للرد
consultation-respond-heading = إجاباتك
consultation-answers-legend = أجب عمّا تشاء واترك الباقي فارغًا.
consultation-scale-hint = (1 = إطلاقًا، 5 = كثيرًا جدًا)
consultation-respond-button = أرسل إجاباتي
consultation-is-closed = هذه الاستشارة مغلقة.
consultation-publish-heading = انشر ردّكم
consultation-field-response = ما سمعتموه وما ستفعلونه
consultation-field-response-hint = يُنشر في هذه الصفحة للجميع.
consultation-publish-button = انشر الرد

error-consultation-question-invalid = اكتب كل سؤال في سطر يبدأ بـ "text:" أو "scale:" أو "choice:"
error-consultation-choice-options = يحتاج الاختيار إلى خيارين على الأقل يفصل بينهما "|"
error-consultation-question-kind = يبدأ السؤال بـ "text:" أو "scale:" أو "choice:"
error-consultation-questions-required = اطرح سؤالًا واحدًا على الأقل
error-consultation-questions-too-many = اطرح 20 سؤالًا على الأكثر
error-consultation-title-required = أعطها عنوانًا
error-consultation-text-too-long = هذا طويل جدًا
error-consultation-purpose-required = قل لِمَ ستُستعمل الإجابات
error-consultation-closes-in-past = لا يمكن أن يكون آخر يوم في الماضي
error-consultation-closes-too-far = يجب أن يكون آخر يوم خلال 120 يومًا
error-consultation-date-invalid = أدخل تاريخًا حقيقيًا، مثل 2027-01-01
error-consultation-answers-count = أجب عن أسئلة هذه الاستشارة
error-consultation-answer-too-long = إحدى إجاباتك طويلة جدًا
error-consultation-answer-invalid = اختر من الخيارات المعروضة، أو عددًا من 1 إلى 5
error-consultation-answers-none = أجب عن سؤال واحد على الأقل
error-consultation-group-invalid = اختر الجهة العامة التي تستشير باسمها
error-consultation-response-required = اكتب ردّكم

notice-consultation-opened = الاستشارة مفتوحة.
notice-consultation-responded = سُجّلت إجاباتك. لا يستطيع أحد قراءتها منفردة.
notice-consultation-response-published = نُشر ردّكم.
notice-consultation-closed = هذه الاستشارة مغلقة.
notice-consultation-already-responded = لقد رددت من قبل؛ كل شخص يرد مرة واحدة.
notice-consultation-still-open = يمكنكم نشر الرد بعد إغلاق الاستشارة.
notice-consultation-body-only = وحدهم مديرو الجهة المستشيرة يستطيعون ذلك.
voice-action-budget-advanced = نقل موازنة تشاركية إلى مرحلتها التالية
voice-action-project-reviewed = راجع مشروعًا في موازنة
voice-action-consultation-answered = نشر ردّه على استشارة
