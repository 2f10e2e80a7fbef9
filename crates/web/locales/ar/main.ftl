## تخطيط الصفحة، المشترك بين كل الصفحات.
skip-to-content = انتقل إلى المحتوى الرئيسي
nav-main = القائمة الرئيسية
nav-language = اللغة
nav-places = الأماكن
nav-groups = المجموعات
nav-admin = الإدارة
nav-account = حسابك
nav-sign-in = تسجيل الدخول
nav-sign-up = إنشاء حساب
nav-sign-out = تسجيل الخروج
footer-commons = مشاع رقمي يملكه مجتمعه ويديره بنفسه. بلا أدوات تتبّع، وبلا إعلانات.
footer-api = واجهة برمجة التطبيقات المفتوحة
back-home = العودة إلى الصفحة الرئيسية
error-summary-title = توجد مشكلة
error-prefix = خطأ:
error-title-prefix = خطأ:

## الصفحة الرئيسية.
home-title = الرئيسية
home-lead = ما الذي يحدث بالقرب منك، ومن يقوم به، وكيف تشارك فيه.
home-whats-on = ما يجري قريبًا
home-all-events = كل الفعاليات
home-all-services = الخدمات القريبة منك
home-all-opportunities = تطوّع
home-places = الأماكن
home-no-places = لا توجد أماكن بعد.
home-groups = المجموعات
home-no-groups = لا توجد مجموعات بعد.
home-all-groups = عرض كل المجموعات
group-member-count = { $count ->
    [zero] لا أعضاء
    [one] عضو واحد
    [two] عضوان
    [few] { $count } أعضاء
    [many] { $count } عضوًا
   *[other] { $count } عضو
}

## رسائل تظهر مرة واحدة بعد إجراء ما.
notice-welcome = أهلًا بك! حسابك جاهز.
notice-signed-in = تم تسجيل دخولك.
notice-signed-out = تم تسجيل خروجك.

## أخطاء الحقول: error-<الرمز>.
error-email-required = أدخل عنوان بريدك الإلكتروني
error-email-invalid = أدخل عنوان البريد الإلكتروني بالصيغة الصحيحة، مثل name@example.org
error-email-taken = يوجد حساب بهذا العنوان من قبل. سجّل الدخول بدلًا من ذلك، أو اطلب رابط تسجيل دخول.
error-display-name-required = أدخل الاسم الذي تريد أن يعرفك به الآخرون
error-display-name-too-long = يجب ألا يزيد الاسم على 60 حرفًا
error-display-name-invalid = يجب ألا يحتوي الاسم على رموز تحكّم
error-password-too-short = يجب أن تتكون كلمة المرور من 10 أحرف على الأقل
error-password-too-long = يجب ألا تزيد كلمة المرور على 256 حرفًا
error-password-too-common = كلمة المرور هذه شائعة جدًا أو سهلة التخمين. جرّب أن تجمع بضع كلمات لا علاقة بينها.
error-credentials-invalid = عنوان البريد الإلكتروني أو كلمة المرور غير صحيح
error-account-disabled = عطّل القائمون على هذا الموقع هذا الحساب. تواصل معهم إذا كنت تظن أن هذا خطأ.
error-language-invalid = اختر إحدى اللغات المتاحة
error-slug-required = أدخل اسمًا قصيرًا يظهر في عنوان الصفحة
error-slug-invalid = استخدم الأحرف اللاتينية الصغيرة والأرقام والشرطات المفردة فقط (من 2 إلى 60 حرفًا)
error-slug-taken = هذا الاسم مستخدم من قبل. اختر اسمًا آخر.
error-name-required = أدخل اسمًا
error-name-too-long = الاسم طويل جدًا
error-name-invalid = يجب ألا يحتوي الاسم على رموز تحكّم
error-description-too-long = الوصف طويل جدًا
error-number-required = أدخل رقمًا
error-number-invalid = أدخل رقمًا، مثل 51.46
error-number-out-of-range = الرقم خارج النطاق المسموح به
error-geojson-invalid = أدخل شكلًا هندسيًا بصيغة GeoJSON من نوع Polygon أو MultiPolygon
error-group-kind-invalid = اختر نوع هذه المجموعة
error-role-invalid = اختر: مالك أو مشرف أو عضو
error-join-policy-invalid = اختر طريقة انضمام الناس
error-place-invalid = اختر مكانًا من القائمة
error-scope-invalid = الصلاحيات تكون للقراءة أو للكتابة فقط
error-scope-required = اختر صلاحية واحدة على الأقل

## المشكلات: problem-<الرمز> هو العنوان، وproblem-<الرمز>-help هو الشرح.
problem-detail = التفاصيل: { $detail }
problem-invalid-input = بعض البيانات تحتاج إلى تصحيح
problem-invalid-input-help = راجع البيانات التي أدخلتها وحاول مرة أخرى.
problem-invalid-query = لا يمكن استخدام بعض مرشحات البحث
problem-invalid-query-help = راجع المرشحات وحاول مرة أخرى.
problem-not-found = الصفحة غير موجودة
problem-not-found-help = إذا كتبت عنوان الصفحة بنفسك، فتأكد من صحته. وإذا لصقته، فتأكد من أنك نسخت العنوان كاملًا.
problem-unauthenticated = عليك تسجيل الدخول
problem-unauthenticated-help = سجّل الدخول للمتابعة.
problem-forbidden = لا يمكنك القيام بهذا
problem-forbidden-help = ليس لحسابك إذن بذلك.
problem-conflict = تم هذا من قبل
problem-conflict-help = ما تحاول تغييره ليس في حالة تسمح بذلك.
problem-bad-request = هناك خطأ في الطلب
problem-bad-request-help = ارجع وحاول مرة أخرى.
problem-malformed-json = محتوى الطلب ليس بصيغة JSON صالحة
problem-malformed-json-help = أرسل مستند JSON سليم البنية.
problem-invalid-body = محتوى الطلب لا يطابق ما يقبله هذا العنوان
problem-invalid-body-help = قارن أسماء الحقول وأنواعها بتوثيق واجهة برمجة التطبيقات.
problem-unsupported-media-type = نوع المحتوى غير مدعوم
problem-unsupported-media-type-help = أرسل المحتوى بالصيغة التي يقبلها هذا العنوان.
problem-payload-too-large = الطلب كبير جدًا
problem-payload-too-large-help = أرسل بيانات أقل في كل مرة.
problem-method-not-allowed = هذه الطريقة غير مسموح بها هنا
problem-method-not-allowed-help = هذا العنوان لا يقبل هذا النوع من الطلبات.
problem-rate-limited = محاولات كثيرة جدًا
problem-rate-limited-help = انتظر بضع دقائق ثم حاول مرة أخرى.
problem-csrf-failed = انتهت صلاحية هذا النموذج
problem-csrf-failed-help = ارجع، وأعد تحميل الصفحة، ثم أرسل النموذج مرة أخرى.
problem-insufficient-scope = هذا الرمز لا يملك صلاحية القيام بذلك
problem-insufficient-scope-help = أنشئ رمزًا بالصلاحية التي يحتاجها هذا الإجراء.
problem-internal-error = عذرًا، حدثت مشكلة في الخدمة
problem-internal-error-help = حاول مرة أخرى لاحقًا. لم يُحفظ أي شيء مما أرسلته حفظًا ناقصًا.
problem-timeout = استغرق الطلب وقتًا طويلًا جدًا
problem-timeout-help = حاول مرة أخرى.
problem-link-invalid = رابط تسجيل الدخول هذا غير صالح
problem-link-invalid-help = تأكد من أنك استخدمت الرابط كاملًا كما ورد في البريد الإلكتروني، أو اطلب رابطًا جديدًا.
problem-link-expired = انتهت صلاحية رابط تسجيل الدخول هذا
problem-link-expired-help = روابط تسجيل الدخول تعمل لمدة قصيرة فقط. اطلب رابطًا جديدًا.
problem-link-used = رابط تسجيل الدخول هذا استُخدم من قبل
problem-link-used-help = كل رابط يعمل مرة واحدة فقط. اطلب رابطًا جديدًا إذا أردت تسجيل الدخول مرة أخرى.
