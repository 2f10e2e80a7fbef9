## الفعاليات.
events-nav = ماذا يجري
events-title = ماذا يجري
events-in-place-title = ماذا يجري في { $place }
events-lead = فعاليات تنظّمها مجموعات محلية: تعال وشارك، أو أضف فعاليتك.
events-filter-place = المكان
events-filter-all = كل الأماكن
events-filter-button = عرض الفعاليات
events-this-week = في الأيام السبعة القادمة
events-later = لاحقًا
events-none = لا توجد فعاليات قادمة.
events-none-this-week = لا شيء في الأيام السبعة القادمة.
events-upcoming-heading = قريبًا
events-subscribe = اشترك في تطبيق التقويم
events-atom = موجز الأخبار (Atom)
event-new-title = أضف فعالية
event-edit-title = تعديل { $title }
event-edit-link = تعديل الفعالية (كل المواعيد)
event-cancel-link = إلغاء الفعالية
event-cancel-title = إلغاء { $title }؟
event-cancel-help = ستبقى الفعالية على الموقع مع علامة واضحة بأنها ملغاة، حتى يعرف ذلك من كانوا ينوون الحضور. وستظهر ملغاة أيضًا في التقويمات المشتركة.
event-cancel-button = نعم، ألغِ الفعالية
event-back = رجوع
event-cancelled-banner = هذه الفعالية ملغاة
event-cancelled-banner-help = ألغاها المنظمون. نعرضها هنا لتكون على علم.
event-cancelled-tag = ملغاة
event-moved-tag = تغيّر الموعد
event-draft-help = لا يرى هذه المسودة إلا منظمو المجموعة. انشرها عندما تكون جاهزة.
event-status-draft = مسودة
event-status-published = منشورة
event-status-cancelled = ملغاة
event-mode-in_person = حضوريًا
event-mode-online = عبر الإنترنت
event-mode-hybrid = حضوريًا وعبر الإنترنت
event-repeat-none = لا تتكرر
event-repeat-weekly = كل أسبوع
event-repeat-fortnightly = كل أسبوعين
event-repeat-monthly = كل شهر، في اليوم نفسه من الأسبوع
event-when = متى
event-where = أين
event-cost = التكلفة
event-free = مجانية
event-places = الأماكن المتاحة
event-capacity-of = حُجز { $going } من { $capacity } مكانًا
event-add-to-calendar = أضف إلى تقويمي
event-next-heading = المواعيد القادمة
event-next-none = لا توجد مواعيد قادمة.
event-change-occurrence = تغيير هذا الموعد أو إلغاؤه
event-organisers-heading = للمنظمين
event-rsvps-link = من سيحضر
event-rsvp-heading = هل ستحضر؟
event-rsvp-button = سأحضر
event-rsvp-cancel-button = لم أعد أستطيع الحضور
event-rsvp-closed = هذه الفعالية لا تقبل الردود.
event-rsvp-sign-in = سجّل الدخول لتقول إنك ستحضر
event-rsvp-you-are-going = قلت إنك ستحضر. ينطبق هذا على كل مواعيد الفعالية.
event-rsvp-you-are-waiting = الفعالية ممتلئة. أنت على قائمة الانتظار وستحصل على مكان إذا ألغى أحدهم.
event-rsvp-state-going = سيحضر
event-rsvp-state-waiting = قائمة الانتظار
event-rsvp-counts = { $going ->
    [zero] لن يحضر أحد بعد.
    [one] سيحضر شخص واحد.
    [two] سيحضر شخصان.
    [few] سيحضر { $going } أشخاص.
    [many] سيحضر { $going } شخصًا.
   *[other] سيحضر { $going } شخص.
}
event-rsvp-waiting-count = { $waiting ->
    [zero] لا أحد على قائمة الانتظار.
    [one] شخص واحد على قائمة الانتظار.
    [two] شخصان على قائمة الانتظار.
    [few] { $waiting } أشخاص على قائمة الانتظار.
    [many] { $waiting } شخصًا على قائمة الانتظار.
   *[other] { $waiting } شخص على قائمة الانتظار.
}
event-rsvp-erased = عضو سابق
event-rsvps-title = من سيحضر { $title }
event-rsvps-none = لم يردّ أحد بعد.
event-rsvps-col-name = الاسم
event-rsvps-col-state = الرد
event-rsvps-col-date = تاريخ الرد
event-occurrence-title = تغيير موعد واحد
event-occurrence-help = يغيّر هذا هذا الموعد فقط. لتغيير كل المواعيد، عدّل الفعالية.
event-occurrence-move-button = نقل هذا الموعد
event-occurrence-cancel-button = إلغاء هذا الموعد فقط
event-field-group = المجموعة المنظِّمة
event-field-group-choose = اختر مجموعة
event-field-title = اسم الفعالية
event-field-date = التاريخ
event-field-date-hint = للفعالية المتكررة، التاريخ الأول.
event-field-start-time = وقت البدء
event-field-end-time = وقت الانتهاء
event-field-end-time-hint = إذا انتهت بعد منتصف الليل، فهي تنتهي في اليوم التالي.
event-field-repeat = هل تتكرر؟
event-field-until = تتكرر حتى (اختياري)
event-field-until-hint = اتركه فارغًا إذا كانت مستمرة.
event-field-mode = كيف يمكن المشاركة؟
event-field-venue = مكان الفعالية
event-field-address = العنوان
event-field-postcode = الرمز البريدي
event-field-online-url = رابط المشاركة عبر الإنترنت
event-field-online-url-hint = للفعاليات عبر الإنترنت أو المختلطة، رابط الانضمام.
event-field-free = الفعالية مجانية
event-field-cost = التكلفة، إن لم تكن مجانية
event-field-cost-hint = مثلًا: 3 جنيهات، أو ادفع ما تستطيع.
event-field-capacity = عدد الأماكن (اختياري)
event-field-capacity-hint = عندما تمتلئ، ينضم الناس إلى قائمة الانتظار.
event-field-description = ماذا يحدث في الفعالية
event-field-description-hint = يمكنك استخدام Markdown: *مائل*، **عريض**، القوائم والروابط.
event-field-accessibility = إمكانية الوصول (اختياري)
event-field-languages = اللغات المستخدمة (اختياري)
event-field-age-range = الفئة العمرية (اختياري)
event-publish-button = نشر
event-save-button = حفظ التغييرات
event-draft-button = حفظ كمسودة
notice-event-published = نُشرت الفعالية.
notice-event-draft-saved = حُفظت المسودة. لا يراها إلا منظمو المجموعة.
notice-event-saved = حُفظت تغييراتك.
notice-event-cancelled = أُلغيت الفعالية. ستبقى على الموقع مع علامة بأنها ملغاة.
notice-event-occurrence-cancelled = أُلغي هذا الموعد.
notice-event-occurrence-moved = نُقل هذا الموعد.
notice-event-rsvp-going = ستحضر. نراك هناك.
notice-event-rsvp-waiting = الفعالية ممتلئة. أنت على قائمة الانتظار.
notice-event-rsvp-withdrawn = سُحب ردّك.
error-event-title-required = أدخل اسم الفعالية
error-event-mode-invalid = اختر حضوريًا أو عبر الإنترنت أو الاثنين
error-event-where-required = أدخل مكان الفعالية أو العنوان
error-event-url-required = أدخل رابط الانضمام عبر الإنترنت
error-event-url-invalid = أدخل رابطًا يبدأ بـ https://
error-event-zone-invalid = اختر منطقة زمنية مثل Europe/London
error-event-date-required = أدخل التاريخ
error-event-date-invalid = أدخل تاريخًا صحيحًا، مثل 2027-03-21
error-event-time-required = أدخل الوقت
error-event-time-invalid = أدخل وقتًا مثل 14:30
error-event-in-past = يجب أن يكون التاريخ في المستقبل
error-event-too-far-ahead = يجب أن يكون التاريخ خلال السنوات الثلاث القادمة
error-event-end-before-start = يجب أن يكون الانتهاء بعد البدء
error-event-too-long = لا يمكن أن تستمر الفعالية أكثر من 14 يومًا
error-event-time-skipped = هذا الوقت غير موجود في ذلك اليوم لأن الساعة تُقدَّم. اختر وقتًا آخر.
error-event-until-before-start = يجب أن يكون تاريخ انتهاء التكرار بعد التاريخ الأول
error-event-until-or-count = أدخل تاريخ انتهاء أو عدد المرات، وليس الاثنين
error-event-cost-required = أدخل التكلفة، أو أشر إلى أنها مجانية
error-event-text-too-long = هذا النص طويل جدًا
error-event-text-invalid = يجب ألا يحتوي النص على محارف تحكم
error-event-repeat-invalid = اختر عدد مرات التكرار
error-event-status-invalid = اختر مسودة أو منشورة أو ملغاة
error-event-rsvp-invalid = اختر سيحضر أو قائمة الانتظار
error-event-group-invalid = اختر مجموعة تنظّم لها الفعاليات
error-event-group-fixed = لا يمكن نقل الفعالية إلى مجموعة أخرى
error-event-occurrence-invalid = هذا ليس أحد مواعيد هذه الفعالية
