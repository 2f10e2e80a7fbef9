## حساب الشخص نفسه.
account-title = حسابك
account-profile-heading = ملفك الشخصي
account-language = اللغة
account-home-place = المكان الذي تنتمي إليه (اختياري)
account-home-place-hint = يظهر للأشخاص المسجَّل دخولهم إلى هذا الموقع. نحتفظ بالمكان فقط، ولا نحتفظ بأي عنوان أبدًا.
account-home-place-none = بلا مكان
account-profile-save = حفظ الملف الشخصي

account-email-heading = عنوان البريد الإلكتروني
account-email-current = عنوان بريدك الإلكتروني هو
account-email-private = لا يراه أحد غيرك، ولا حتى القائمون على هذا الموقع، إلا لمساعدتك في أمر يخص حسابك.
account-email-new = عنوان البريد الإلكتروني الجديد
account-email-new-hint = سنرسل رابطًا إلى العنوان الجديد. يتغيّر عنوانك عندما تستخدم الرابط.
account-email-send = إرسال رابط التأكيد
account-email-confirm-title = أكّد عنوان بريدك الإلكتروني الجديد
account-email-confirm-lead = استخدم هذا الزر ليصبح هذا العنوان هو عنوان حسابك.
account-email-confirm-button = تأكيد العنوان الجديد
account-email-confirm-subject = أكّد عنوان بريدك الإلكتروني الجديد على { $node }
account-email-confirm-body = مرحبًا،

    طلب أحدهم (ونأمل أن تكون أنت) استخدام هذا العنوان لحسابه على { $node }. للتأكيد، افتح هذا الرابط:

    { $link }

    يعمل الرابط مرة واحدة فقط، ولمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يتغيّر شيء دون هذا الرابط.
account-email-changed-subject = تغيّر عنوان البريد الإلكتروني لحسابك على { $node }
account-email-changed-body = مرحبًا،

    تغيّر عنوان البريد الإلكتروني لحسابك على { $node } إلى { $new }. من الآن فصاعدًا، ستصل روابط تسجيل الدخول والرسائل إلى هذا العنوان.

    إذا لم تقم بذلك بنفسك، فتواصل فورًا مع القائمين على { $node }.

account-password-heading = كلمة المرور
account-password-none = تسجّل دخولك بروابط تصلك بالبريد الإلكتروني. ويمكنك أيضًا أن تضع كلمة مرور.
account-password-current = كلمة المرور الحالية
account-password-new = كلمة المرور الجديدة
account-password-save = حفظ كلمة المرور

account-groups-heading = مجموعاتك
account-groups-none = لست عضوًا في أي مجموعة بعد.
account-groups-find = ابحث عن مجموعة
account-role-owner = مالك
account-role-admin = مشرف
account-role-member = عضو

account-sessions-heading = أين سجّلت دخولك
account-sessions-hint = نحتفظ بوقت بدء كل جلسة وآخر استخدام لها. ولا نحتفظ بعناوين IP.
account-sessions-started = وقت تسجيل الدخول
account-sessions-last-seen = آخر استخدام
account-sessions-this = هذا المتصفح
account-sign-out-everywhere = تسجيل الخروج من كل مكان، بما في ذلك هنا

account-tokens-heading = رموز واجهة برمجة التطبيقات
account-tokens-hint = تتيح الرموز للبرامج أن تستخدم واجهة برمجة التطبيقات باسمك. يُعرض كل رمز مرة واحدة عند إنشائه؛ ألغِ أي رمز لم تعد تستخدمه.
account-tokens-none = ليس لديك أي رموز.
account-tokens-name = الاسم
account-tokens-name-hint = اسم تتعرّف عليه به، مثل «برنامج لوحة الإعلانات».
account-tokens-scopes = ما يُسمح له به
account-tokens-created = تاريخ الإنشاء
account-tokens-last-used = آخر استخدام
account-tokens-actions = الإجراءات
account-tokens-revoked = ملغى
account-tokens-revoke = إلغاء { $name }
account-tokens-new-heading = إنشاء رمز
account-tokens-create = إنشاء الرمز
account-scope-read = القراءة: رؤية ما يمكنك أنت رؤيته
account-scope-write = الكتابة: إجراء تغييرات باسمك
account-never = أبدًا
account-token-created-title = رمزك الجديد
account-token-created-lead = هذا هو الرمز «{ $name }».
account-token-created-scopes = يُسمح له بما يلي: { $scopes }
account-token-created-secret = الرمز:
account-token-created-once = انسخه الآن واحفظه في مكان آمن. لن يُعرض مرة أخرى: فنحن لا نحتفظ إلا ببصمة منه.
account-token-created-back = العودة إلى حسابك

account-data-heading = بياناتك
account-access-heading = من تعامل مع بياناتك الشخصية
account-access-hint = في كل مرة يجري فيها التعامل مع بياناتك الشخصية، سواء بتنزيلك لها أو من قِبل القائمين على هذا الموقع، يُسجَّل ذلك هنا.
account-access-none = لم يتعامل معها أحد.
account-access-when = متى
account-access-who = من
account-access-what = ماذا
account-access-by-self = أنت
account-access-export = تنزيل نسخة من كل بياناتك
account-access-admin-granted = تعيينك مديرًا للموقع
account-access-admin-revoked = إنهاء دورك مديرًا للموقع
account-export-heading = تنزيل بياناتك
account-export-lead = ملف واحد (بصيغة JSON) فيه كل ما يحتفظ به هذا الموقع عنك.
account-export-button = تنزيل بياناتك
account-delete-heading = حذف حسابك
account-delete-lead = تُمحى بياناتك الشخصية نهائيًا.
account-delete-link = حذف حسابك

account-delete-title = حذف حسابك
account-delete-what = إذا حذفت حسابك:
account-delete-gone = فسيُمحى اسمك وعنوان بريدك الإلكتروني وكلمة المرور والمكان الذي تنتمي إليه وجلساتك ورموزك وعضوياتك
account-delete-history = وسيبقى في سجل كل مجموعة من مجموعاتك سطر يذكر أن «عضوًا سابقًا» انضم أو غادر، دون ذكر اسمك
account-delete-final = ولا يمكن التراجع عن ذلك
account-delete-export-first = قد ترغب أولًا في الحصول على نسخة من بياناتك.
account-delete-word = حذف
account-delete-confirm = للتأكيد، اكتب الكلمة { $word } أو اسمك على هذا الموقع
account-delete-confirm-hint = هذا يضمن ألا يحذف أحد حسابًا عن طريق الخطأ.
account-delete-button = حذف حسابي
account-delete-cancel = الإبقاء على حسابي
account-delete-blocked = أنت المالك الوحيد لمجموعة فيها أعضاء آخرون
account-delete-blocked-help = اجعل عضوًا آخر مالكًا لهذه المجموعات أولًا، حتى لا تبقى دون مالك:
account-delete-back = الانتقال إلى مجموعاتك

## رسائل تظهر بعد إجراء ما.
notice-account-profile-saved = حُفظ ملفك الشخصي.
notice-account-email-sent = أرسلنا رابط تأكيد إلى العنوان الجديد. يتغيّر عنوانك عندما تستخدمه.
notice-account-email-changed = تغيّر عنوان بريدك الإلكتروني.
notice-account-password-saved = حُفظت كلمة المرور. وسُجّل خروجك من كل مكان آخر.
notice-account-token-revoked = أُلغي الرمز.
notice-account-signed-out-everywhere = سُجّل خروجك من كل مكان.
notice-account-deleted = حُذف حسابك. شكرًا لمشاركتك.

## أخطاء الحقول.
error-email-unchanged = هذا هو عنوان بريدك الإلكتروني الحالي
error-current-password-required = أدخل كلمة المرور الحالية
error-current-password-wrong = كلمة المرور الحالية غير صحيحة
error-delete-confirm-required = اكتب الكلمة أو اسمك للتأكيد
error-delete-confirm-mismatch = ما كتبته غير مطابق. اكتب الكلمة كما هي تمامًا، أو اسمك على هذا الموقع.

## المشكلات.
problem-email-link-invalid = رابط التأكيد هذا غير صالح
problem-email-link-invalid-help = تأكد من أنك استخدمت الرابط كاملًا كما ورد في البريد الإلكتروني، أو اطلب رابطًا جديدًا من صفحة حسابك.
problem-email-link-expired = انتهت صلاحية رابط التأكيد هذا
problem-email-link-expired-help = روابط التأكيد تعمل لمدة قصيرة فقط. اطلب رابطًا جديدًا من صفحة حسابك.
problem-email-link-used = رابط التأكيد هذا استُخدم من قبل
problem-email-link-used-help = كل رابط يعمل مرة واحدة فقط. إذا لم يتغيّر عنوانك، فاطلب رابطًا جديدًا من صفحة حسابك.
problem-email-taken-meanwhile = هذا العنوان يستخدمه الآن حساب آخر
problem-email-taken-meanwhile-help = بدأ حساب آخر باستخدام عنوان البريد الإلكتروني هذا بعد إرسال الرابط. لم يتغيّر عنوانك.
problem-sole-owner = أنت المالك الوحيد لمجموعة فيها أعضاء آخرون
problem-sole-owner-help = اجعل عضوًا آخر مالكًا أولًا، حتى لا تبقى المجموعة دون مالك.

## Being visible to other servers (the fediverse).
fediverse-heading = الظهور على خوادم أخرى
fediverse-lead = اختر اسمًا ليتمكن الناس على ماستودون وخوادم الفيديفيرس الأخرى من العثور عليك ومتابعتك. لا يظهر إلا اسمك واسم المستخدم ومكانك. اترك الاسم فارغًا لتتوقف عن الظهور: يختفي ملفك العام ويُنسى متابعوك هناك.
fediverse-visible-as = يجدك الآخرون باسم
fediverse-profile-link = ملفك العام
fediverse-not-visible = أنت غير ظاهر على الخوادم الأخرى.
fediverse-handle = اسم المستخدم
fediverse-handle-hint = أحرف لاتينية صغيرة وأرقام وشرطات مفردة، من 2 إلى 60 حرفًا. فارغ: غير ظاهر.
fediverse-save = حفظ
notice-fediverse-visible = أنت الآن ظاهر على الخوادم الأخرى.
notice-fediverse-hidden = أنت غير ظاهر على الخوادم الأخرى.
profile-address = على ماستودون والخوادم الأخرى، ابحث عن
profile-address-hint = لمتابعة هذا الشخص من هناك.
profile-home-place = المكان:
