## إنشاء حساب وتسجيل الدخول.
sign-up-title = إنشاء حساب
sign-up-lead = كل ما تحتاجه هو عنوان بريد إلكتروني. استخدم أي اسم تريده، ولا بأس باسم مستعار.
sign-up-button = إنشاء الحساب
sign-up-have-account = لديك حساب من قبل؟
field-display-name = اسمك على هذا الموقع
field-display-name-hint = يرى الآخرون هذا الاسم. لا يلزم أن يكون اسمك الحقيقي.
field-email = عنوان البريد الإلكتروني
field-email-hint = يُستخدم فقط لتسجيل الدخول وللرسائل التي تطلبها. لا يُعرض على أحد أبدًا.
field-password = كلمة المرور
field-password-hint = 10 أحرف على الأقل. بضع كلمات لا علاقة بينها تصنع كلمة مرور جيدة.
sign-in-title = تسجيل الدخول
sign-in-password-heading = باستخدام كلمة المرور
sign-in-button = تسجيل الدخول
sign-in-link-heading = برابط يصلك بالبريد الإلكتروني
sign-in-link-lead = سنرسل إليك بالبريد الإلكتروني رابطًا يسجّل دخولك. وإذا كنت جديدًا، فسيُنشئ لك حسابًا.
sign-in-link-button = أرسل إليّ رابط تسجيل الدخول
sign-in-no-account = جديد هنا؟
check-email-title = تحقّق من بريدك الإلكتروني
check-email-lead = إذا كان هذا العنوان يستقبل البريد، فإن رابط تسجيل الدخول في طريقه إليك.
check-email-help = يعمل الرابط مرة واحدة ولمدة قصيرة. إذا لم يصلك شيء، فتحقق من مجلد الرسائل غير المرغوب فيها أو اطلبه مرة أخرى.
confirm-link-title = أكمل تسجيل الدخول
confirm-link-button = تسجيل الدخول
field-display-name-new = اسمك على هذا الموقع (فقط إذا كنت جديدًا)
field-display-name-new-hint = اتركه فارغًا إذا كان لديك حساب من قبل.
email-magic-link-subject = رابط تسجيل دخولك إلى { $node }
email-magic-link-body = مرحبًا،

    استخدم هذا الرابط لتسجيل الدخول إلى { $node }:

    { $link }

    يعمل الرابط مرة واحدة فقط، ولمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. إذا لم تطلبه، فتجاهل هذه الرسالة: لا يمكن لأحد تسجيل الدخول دون هذا الرابط.
