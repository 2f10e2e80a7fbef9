# الاستيراد (مشرفو العقدة)
admin-imports = الاستيراد
admin-imports-link = استورد الخدمات والفعاليات من ملفات، وتابع التقويمات
import-title = الاستيراد
import-lead = أدخِل خدمات وفعاليات منشورة في مكان آخر. ينتهي كل استيراد بتقرير: ما قُبل، وكل سجل مرفوض مع سبب رفضه. السجل المرفوض لا يُحفظ منه شيء.
import-back-admin = العودة إلى إدارة هذه العقدة
import-hsds-title = خدمات من ملف JSON بصيغة Open Referral ‏(HSDS)
import-csv-title = خدمات من جدول بيانات (CSV)
import-ical-title = فعاليات من ملف iCalendar
import-field-place = المكان الذي يُستورد إليه
import-choose-place = اختر مكانًا
import-field-group = المجموعة التي تصبح الفعاليات لها
import-choose-group = اختر مجموعة
import-field-hsds-file = ملف HSDS
import-field-hsds-file-hint = ملف ‎.json يحوي خدمة واحدة أو قائمة خدمات أو صفحة منها (HSDS 3.0).
import-field-csv-file = ملف CSV
import-field-csv-file-hint = ملف ‎.csv بترميز UTF-8 فيه سطر عناوين، وكل خدمة في سطر.
import-csv-columns = الأعمدة التي يحتاجها الملف
import-csv-required = الأعمدة المطلوبة:
import-csv-optional = الأعمدة الاختيارية:
import-csv-formats = يمكن أن تأتي أسماء الأعمدة بأي ترتيب وبأحرف كبيرة أو صغيرة. أيام العمل هي MO,TU,WE,TH,FR,SA,SU، والأوقات بصيغة HH:MM، واللغات رموز من حرفين تفصل بينها فواصل، والتكلفة مبلغ مثل 2.50، وتُترك فارغة إن كانت الخدمة مجانية.
import-field-ical-file = ملف iCalendar
import-field-ical-file-hint = ملف ‎.ics مُصدَّر من تقويم.
import-button = استيراد
import-subscribe-title = أضف اشتراكًا في تقويم iCalendar
import-subscribe-hint = يُجلب التقويم الآن ثم بانتظام، وتصبح فعالياته فعاليات المجموعة. الفعاليات التي تختفي منه تُلغى هنا.
import-field-url = عنوان التقويم
import-field-url-hint = عنوان http أو https ينتهي عادةً بـ ‎.ics
import-field-interval = كم مرة يُجلب
import-subscribe-button = أضف الاشتراك
import-subscriptions = اشتراكات التقويم
import-subscriptions-none = لا توجد اشتراكات في تقويمات بعد.
import-col-url = التقويم
import-col-group = المجموعة
import-col-interval = الجلب
import-col-fetched = آخر جلب
import-col-succeeded = آخر جلب ناجح
import-col-error = آخر خطأ
import-no-error = لا يوجد
import-fetch-now = اجلب { $url } الآن
import-remove = أزل { $url }
import-never = أبدًا
import-every-minutes = كل { $n } دقيقة
import-every-hours = { $n ->
    [one] كل ساعة
   *[other] كل { $n } ساعات
}
import-every-days = { $n ->
    [one] كل يوم
   *[other] كل { $n } أيام
}
import-report-title = انتهى الاستيراد
import-taken = المقبولة
import-updated = المحدَّثة
import-unchanged = دون تغيير
import-refused = المرفوضة
import-refused-title = السجلات المرفوضة: { $count }
import-refused-hint = لم يُحفظ شيء من هذه السجلات. صحّحها في الملف واستورده مرة أخرى؛ ما قُبل من قبل يُطابَق ولا يتكرر.
import-warnings-title = سجلات قُبلت دون جزء خاطئ منها: { $count }
import-back = العودة إلى الاستيراد
import-error-no-file = اختر ملفًا لاستيراده
import-error-type = يجب أن يكون الملف المختار من نوع ‎.{ $types }
import-error-empty = الملف المختار فارغ
import-error-utf8 = يجب أن يكون الملف المختار نصًا بترميز UTF-8
import-error-no-place = اختر المكان الذي يُستورد إليه
import-error-no-group = اختر المجموعة التي تصبح الفعاليات لها
import-error-no-url = أدخل عنوان التقويم
import-error-interval = اختر كم مرة يُجلب التقويم
notice-import-subscribed = أُضيف الاشتراك. يجري جلب التقويم الآن.
notice-import-fetch-queued = سيُجلب التقويم بعد لحظات.
notice-import-unsubscribed = أُزيل الاشتراك. تبقى الفعاليات التي جلبها.
