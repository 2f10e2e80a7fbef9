## الأماكن: التسلسل الهرمي، ومكان واحد، ونماذج إضافة مكان أو تعديله.
places-title = الأماكن
places-lead = المناطق التي يخدمها هذا الموقع، من الأكبر إلى الأصغر.
places-none = لا توجد أماكن بعد.
place-breadcrumb = أنت هنا
place-footprint-circle = ضمن { $radius } م من النقطة { $latitude }، { $longitude }
place-footprint-polygon = الحدود: مضلّع
place-home-count = { $count ->
    [zero] لم يختر أحد هذا المكان مكانًا ينتمي إليه بعد.
    [one] اختار شخص واحد هذا المكان مكانًا ينتمي إليه.
    [two] اختار شخصان هذا المكان مكانًا ينتميان إليه.
    [few] اختار { $count } أشخاص هذا المكان مكانًا ينتمون إليه.
    [many] اختار { $count } شخصًا هذا المكان مكانًا ينتمون إليه.
   *[other] اختار { $count } شخص هذا المكان مكانًا ينتمون إليه.
}
place-children = الأماكن الواقعة ضمنه
place-groups = المجموعات في هذا المكان
place-no-groups = لا توجد مجموعات هنا بعد.
place-all-groups = عرض كل المجموعات في هذا المكان
place-new-title = إضافة مكان
place-edit-title = تعديل المكان
place-save = حفظ المكان
field-place-name = الاسم
field-place-slug = الاسم في عنوان الويب
field-place-slug-hint = يُستخدم في عنوان الصفحة على الويب. أحرف لاتينية صغيرة وأرقام وشرطات. اتركه فارغًا لننشئه من الاسم.
field-place-description = الوصف
field-place-parent = جزء من
field-place-parent-none = لا شيء (مكان في المستوى الأعلى)
field-place-footprint = أين يقع (اختياري)
field-place-footprint-hint = أدخل نقطة مركز ونصف قطر، أو الصق حدودًا بصيغة GeoJSON. إذا أدخلت الاثنين، تُستخدم الحدود.
field-latitude = خط عرض المركز
field-latitude-hint = بين -90 و90، مثل 51.4652
field-longitude = خط طول المركز
field-longitude-hint = بين -180 و180، مثل -0.1050
field-radius = نصف القطر بالأمتار
field-geojson = الحدود (GeoJSON)
field-geojson-hint = شكل هندسي بصيغة GeoJSON من نوع Polygon أو MultiPolygon.
error-parent-cycle = لا يمكن أن يكون المكان جزءًا من نفسه أو من مكان داخله. اختر مكانًا آخر.
notice-place-created = أُضيف المكان.
notice-place-updated = حُفظ المكان.
error-footprint-null-only = أرسل null لإزالة النطاق الجغرافي، أو أرسل latitude وlongitude وradius_m، أو geojson، لاستبداله
place-this-week = ما يجري هذا الأسبوع
place-this-week-none = لا شيء في الأيام السبعة القادمة.
place-all-events = كل الفعاليات في هذا المكان
place-new-services = خدمات جديدة
place-new-services-none = لا توجد خدمات مدرجة هنا بعد.
