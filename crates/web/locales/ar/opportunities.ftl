## التطوع: قائمة الفرص، وفرصة واحدة، ونموذج النشر، وإبداء الاهتمام،
## والردود التي ترسلها المجموعات عبر العقدة.
opportunities-title = تطوّع
opportunities-lead = مجموعات محلية تبحث عمّن يمدّ لها يد العون. أخبرها باهتمامك وستصلها رسالتك، لا عنوان بريدك الإلكتروني.
opportunities-none = لا توجد فرص مطابقة حاليًا.
opportunities-managed = فرص مجموعاتك
opportunities-place-none = لا أحد هنا يبحث عن متطوعين حاليًا.
opportunities-place-all = كل فرص التطوع في هذا المكان
opportunity-breadcrumb = أنت هنا
opportunity-filter-place = المكان
opportunity-filter-any-place = في أي مكان
opportunity-filter-legend = اعرض فقط
opportunity-filter-button = عرض الفرص
opportunity-tag-no-experience = لا تلزم خبرة
opportunity-tag-remote = يمكن القيام بها من المنزل
opportunity-tag-min-age = من عمر { $age } فما فوق
opportunity-closes-on = آخر موعد { $date }
opportunity-status-draft = مسودة
opportunity-status-published = منشورة
opportunity-status-closed = مغلقة
opportunity-commitment-weekly = كل أسبوع
opportunity-commitment-weekly-hours = { $hours ->
    [zero] أقل من ساعة في الأسبوع
    [one] ساعة واحدة في الأسبوع
    [two] ساعتان في الأسبوع
    [few] { $hours } ساعات في الأسبوع
    [many] { $hours } ساعة في الأسبوع
   *[other] { $hours } ساعة في الأسبوع
}
opportunity-commitment-monthly = كل شهر
opportunity-commitment-monthly-hours = { $hours ->
    [zero] أقل من ساعة في الشهر
    [one] ساعة واحدة في الشهر
    [two] ساعتان في الشهر
    [few] { $hours } ساعات في الشهر
    [many] { $hours } ساعة في الشهر
   *[other] { $hours } ساعة في الشهر
}
opportunity-commitment-one-off = مرة واحدة
opportunity-commitment-one-off-hours = { $hours ->
    [zero] مرة واحدة، أقل من ساعة
    [one] مرة واحدة، ساعة واحدة
    [two] مرة واحدة، ساعتان
    [few] مرة واحدة، { $hours } ساعات
    [many] مرة واحدة، { $hours } ساعة
   *[other] مرة واحدة، { $hours } ساعة
}
opportunity-commitment-flexible = في الوقت الذي يناسبك
opportunity-commitment-flexible-hours = { $hours ->
    [zero] وقت مرن، أقل من ساعة
    [one] وقت مرن، نحو ساعة واحدة
    [two] وقت مرن، نحو ساعتين
    [few] وقت مرن، نحو { $hours } ساعات
    [many] وقت مرن، نحو { $hours } ساعة
   *[other] وقت مرن، نحو { $hours } ساعة
}
opportunity-kind-weekly = كل أسبوع
opportunity-kind-monthly = كل شهر
opportunity-kind-one-off = مرة واحدة
opportunity-kind-flexible = في الوقت الذي يناسب المتطوع
opportunity-new-title = إضافة فرصة تطوع
opportunity-edit-title = تعديل الفرصة
opportunity-save-button = حفظ الفرصة
opportunity-cancel = إلغاء
opportunity-field-group = المجموعة التي تقدّمها
opportunity-field-group-choose = اختر مجموعة
opportunity-field-place = المكان
opportunity-field-place-group = مكان المجموعة نفسها
opportunity-field-title = الدور
opportunity-field-title-hint = مثلًا: سائق لبنك الطعام
opportunity-field-description = ما الذي سيقوم به المتطوع
opportunity-field-description-hint = يمكنك استخدام Markdown: *التأكيد* والقوائم والروابط.
opportunity-field-commitment = كم مرة
opportunity-field-hours = عدد الساعات (اختياري)
opportunity-field-hours-hint = عدد صحيح: الساعات في الأسبوع أو الشهر، أو مجموعها لمرة واحدة.
opportunity-field-commitment-text = متى، بكلماتك (اختياري)
opportunity-field-commitment-text-hint = مثلًا: صباح أيام السبت
opportunity-field-location = أين
opportunity-field-location-hint = عنوان أو نقطة لقاء. اتركه فارغًا إن كان العمل من المنزل فقط.
opportunity-field-remote = يمكن القيام بها من المنزل
opportunity-field-where = أين
opportunity-field-skills = مهارات مفيدة (اختياري)
opportunity-field-skills-hint = مهارة في كل سطر أو مفصولة بفواصل. عشر مهارات على الأكثر.
opportunity-field-min-age = الحد الأدنى للعمر (اختياري)
opportunity-field-min-age-hint = مثلًا 16. اتركه فارغًا إن كان الجميع مرحّبًا بهم.
opportunity-field-suitable-for = مناسبة لـ (اختياري)
opportunity-field-suitable-for-hint = مثلًا: الشباب، مستخدمو الكراسي المتحركة، العائلات
opportunity-field-closes-on = آخر موعد (اختياري)
opportunity-field-closes-on-hint = آخر يوم يمكن فيه إبداء الاهتمام. لا يكون في الماضي.
opportunity-field-status = من يستطيع رؤيتها
opportunity-label-skills = مهارات مفيدة
opportunity-label-suitable-for = مناسبة لـ
opportunity-label-closes-on = آخر يوم لإبداء الاهتمام
opportunity-field-message = رسالتك إلى المجموعة
opportunity-field-message-hint = اكتب قليلًا عن نفسك ومتى تكون متاحًا. ترى المجموعة اسمك وهذه الرسالة، لا عنوان بريدك الإلكتروني.
opportunity-field-reply = الرد
opportunity-field-reply-hint = يُرسَل بالبريد الإلكتروني عبر العقدة. لن يرى المتطوع عنوان بريدك الإلكتروني.
opportunity-responses-link = الردود
opportunity-responses-title = المهتمون بـ { $title }
opportunity-responses-privacy = لا يرى هذه الصفحة إلا مشرفو المجموعة ومالكوها. تبقى عناوين بريد المتطوعين على العقدة: اكتب ردك هنا وسننقله إليهم.
opportunity-responses-none = لم يتقدّم أحد بعد.
opportunity-response-withdrawn = مسحوب
opportunity-former-member = عضو سابق
opportunity-reply-button = إرسال الرد
opportunity-close-button = إغلاق أمام متطوعين جدد
opportunity-interest-heading = هل أنت مهتم؟
opportunity-interest-button = أنا مهتم
opportunity-interest-already = أخبرت المجموعة أنك مهتم. سترد عليك بالبريد الإلكتروني عبر العقدة.
opportunity-interest-closed = هذه الفرصة لا تستقبل متطوعين حاليًا.
opportunity-withdraw-button = سحب اهتمامي
opportunity-sign-in-to-volunteer = سجّل الدخول لتبدي اهتمامك
notice-opportunity-created = حُفظت الفرصة.
notice-opportunity-updated = حُفظت تغييراتك.
notice-opportunity-closed = أُغلقت الفرصة أمام متطوعين جدد.
notice-opportunity-interest-sent = رسالتك في طريقها إلى المجموعة.
notice-opportunity-withdrawn = سُحب اهتمامك.
notice-opportunity-reply-sent = أُرسل ردك.
notice-opportunity-already-interested = سبق أن أخبرت المجموعة أنك مهتم.
notice-opportunity-not-open = هذه الفرصة لا تستقبل متطوعين حاليًا.
notice-opportunity-not-interested = لم تكن قد أبديت اهتمامك.
notice-opportunity-response-withdrawn = سحب هذا الشخص اهتمامه، لذا لم يُرسَل الرد.
opportunity-email-interest-subject = شخص مهتم بـ «{ $title }»
opportunity-email-interest-body = يودّ { $volunteer } المساعدة في «{ $title }» ({ $group }) وكتب:

    { $message }

    اقرأ الرسالة ورُدّ عليها في { $node } (يبقى عنوان بريده الإلكتروني خاصًا):
    { $link }
opportunity-email-reply-subject = رد من { $group } بشأن «{ $title }»
opportunity-email-reply-body = ردّت { $group } بشأن «{ $title }»:

    { $message }

    الفرصة: { $link }
    أُرسلت هذه الرسالة عبر { $node }؛ الرد على هذا البريد لن يصل إلى المجموعة.
error-opportunity-title-required = أدخل الدور
error-opportunity-title-too-long = يجب ألا يزيد الدور على 120 حرفًا
error-opportunity-text-invalid = احذف أحرف التحكم
error-opportunity-text-too-long = اجعل النص 200 حرف أو أقل
error-opportunity-status-invalid = اختر مسودة أو منشورة أو مغلقة
error-opportunity-commitment-invalid = اختر كم مرة
error-opportunity-hours-invalid = أدخل عددًا صحيحًا من الساعات بين 1 و200
error-opportunity-skill-invalid = اجعل كل مهارة 40 حرفًا أو أقل
error-opportunity-skills-too-many = اذكر عشر مهارات أو أقل
error-opportunity-min-age-invalid = أدخل عمرًا بين 10 و100
error-opportunity-date-invalid = أدخل تاريخًا مثل 2026-12-31
error-opportunity-closes-in-past = يجب أن يكون آخر موعد اليوم أو بعده
error-opportunity-location-required = أدخل مكان العمل، أو أشر إلى أنه يمكن القيام به من المنزل
error-opportunity-group-invalid = اختر مجموعة تديرها
error-opportunity-message-required = اكتب رسالة قصيرة
error-opportunity-message-too-long = اجعل الرسالة 2000 حرف أو أقل
