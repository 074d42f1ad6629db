<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>ChannelDirectory</name>
    <message>
        <source>no segment (nobody has joined since the last peer left)</source>
        <translation>لا يوجد مقطع (لم ينضم أحد منذ مغادرة آخر مشارك)</translation>
    </message>
    <message>
        <source>made by another peerchat (layout version %1; this one uses %2)</source>
        <translation>أنشأه peerchat آخر (إصدار التخطيط %1؛ هذا يستخدم %2)</translation>
    </message>
    <message>
        <source>its key is used by channel &quot;%1&quot;</source>
        <translation>مفتاحه مستخدم من القناة «%1»</translation>
    </message>
    <message>
        <source>damaged: its header fails the checks</source>
        <translation>تالف: ترويسته لا تجتاز الفحوص</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is busy: a peer is joining or leaving it right now</source>
        <translation>القناة «%1» مشغولة: مشارك ينضم إليها أو يغادرها الآن</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; still has live peers: %2; they must leave first</source>
        <translation>القناة «%1» ما زال فيها مشاركون أحياء: %2؛ يجب أن يغادروا أولًا</translation>
    </message>
    <message>
        <source>cannot remove the segment of channel &quot;%1&quot;</source>
        <translation>تعذّر إزالة مقطع القناة «%1»</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; had no segment; its files were removed</source>
        <translation>لم يكن للقناة «%1» مقطع؛ أُزيلت ملفاتها</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>ثنائي، %1 بايت، النوع %2</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;دردشة</translation>
    </message>
    <message>
        <source>Change &amp;Name…</source>
        <translation>تغيير الا&amp;سم…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>&amp;نسخ الرسالة</translation>
    </message>
    <message>
        <source>C&amp;lear View</source>
        <translation>&amp;مسح العرض</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>الإ&amp;عدادات</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>اللغ&amp;ة</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>لغة الن&amp;ظام</translation>
    </message>
    <message>
        <source>Desktop &amp;Notifications</source>
        <translation>&amp;إشعارات سطح المكتب</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <source>&amp;About peerchat</source>
        <translation>&amp;حول peerchat</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>حول &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>إر&amp;سال</translation>
    </message>
    <message>
        <source>Send the message (Enter); Shift+Enter adds a line break</source>
        <translation>أرسل الرسالة (Enter)؛ ‏Shift+Enter يضيف سطرًا جديدًا</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <source>Write a message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>اكتب رسالة. ‏Enter يرسلها، و‏Shift+Enter يبدأ سطرًا جديدًا.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>الرسالة</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line</source>
        <translation>‏Enter يرسل الرسالة؛ ‏Shift+Enter يبدأ سطرًا جديدًا</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>الرسائل</translation>
    </message>
    <message>
        <source>The conversation on channel %1</source>
        <translation>المحادثة في القناة %1</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>المشا&amp;ركون</translation>
    </message>
    <message>
        <source>People on this channel</source>
        <translation>المشاركون في هذه القناة</translation>
    </message>
    <message>
        <source>Why the message was not sent</source>
        <translation>سبب عدم إرسال الرسالة</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>القناة</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>اسمك</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>عدد المشاركين</translation>
    </message>
    <message>
        <source>Channel error</source>
        <translation>خطأ في القناة</translation>
    </message>
    <message>
        <source>%1 on %2 — peerchat</source>
        <translation>%1 في %2 — peerchat</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>(لا جديد) %1</numerusform>
            <numerusform>(رسالة جديدة) %1</numerusform>
            <numerusform>(رسالتان جديدتان) %1</numerusform>
            <numerusform>(%n رسائل جديدة) %1</numerusform>
            <numerusform>(%n رسالة جديدة) %1</numerusform>
            <numerusform>(%n رسالة جديدة) %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>القناة: %1</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>أنت: %1</translation>
    </message>
    <message>
        <source>You: not joined</source>
        <translation>أنت: غير منضم</translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>لم تُزل أي رسالة قديمة من العرض</numerusform>
            <numerusform>أُزيلت رسالة قديمة واحدة من العرض</numerusform>
            <numerusform>أُزيلت رسالتان قديمتان من العرض</numerusform>
            <numerusform>أُزيلت %n رسائل قديمة من العرض</numerusform>
            <numerusform>أُزيلت %n رسالة قديمة من العرض</numerusform>
            <numerusform>أُزيلت %n رسالة قديمة من العرض</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>خطأ: %1</translation>
    </message>
    <message>
        <source>This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and press Enter again.</source>
        <translation>طول هذه الرسالة %1 بايت، ولا يمكن إرسال أكثر من %2 بايت. اختصرها ثم اضغط Enter مرة أخرى.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>لم تُرسل: %1</translation>
    </message>
    <message>
        <source>Change Name</source>
        <translation>تغيير الاسم</translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>اسمك في القناة %1 (بلا أحرف):</numerusform>
            <numerusform>اسمك في القناة %1 (حرف واحد على الأكثر):</numerusform>
            <numerusform>اسمك في القناة %1 (حرفان على الأكثر):</numerusform>
            <numerusform>اسمك في القناة %1 (%n أحرف على الأكثر):</numerusform>
            <numerusform>اسمك في القناة %1 (%n حرفًا على الأكثر):</numerusform>
            <numerusform>اسمك في القناة %1 (%n حرف على الأكثر):</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as your name: %2</source>
        <translation>لا يمكن استخدام «%1» اسمًا لك: %2</translation>
    </message>
    <message>
        <source>Could not change the name: %1</source>
        <translation>تعذّر تغيير الاسم: %1</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>نُسخت الرسالة</translation>
    </message>
    <message>
        <source>About peerchat</source>
        <translation>حول peerchat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;A chat between processes on one machine, through shared memory.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;دردشة بين العمليات على جهاز واحد عبر الذاكرة المشتركة.&lt;/p&gt;&lt;p&gt;بُني باستخدام Qt %2، ويعمل على Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This desktop shows no notifications; new messages are counted in the title</source>
        <translation>سطح المكتب هذا لا يعرض الإشعارات؛ يظهر عدد الرسائل الجديدة في العنوان</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 في %2</translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>لا أحد متصل</numerusform>
            <numerusform>مشارك واحد متصل</numerusform>
            <numerusform>مشاركان متصلان</numerusform>
            <numerusform>%n مشاركين متصلون</numerusform>
            <numerusform>%n مشاركًا متصلًا</numerusform>
            <numerusform>%n مشارك متصل</numerusform>
        </translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>القائمة</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>اكتب رسالة</translation>
    </message>
    <message>
        <source>&amp;Earlier Messages on Joining</source>
        <translation>ال&amp;رسائل السابقة عند الانضمام</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>&amp;لا شيء</translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>لا رسائل</numerusform>
            <numerusform>آخر رسالة</numerusform>
            <numerusform>آخر رسالتين</numerusform>
            <numerusform>آخر %n رسائل</numerusform>
            <numerusform>آخر %n رسالة</numerusform>
            <numerusform>آخر %n رسالة</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier messages are shown the next time peerchat joins a channel</source>
        <translation>ستظهر الرسائل السابقة في المرة القادمة التي ينضم فيها peerchat إلى قناة</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>إرسال &amp;ملف…</translation>
    </message>
    <message>
        <source>Folder for &amp;Received Files…</source>
        <translation>مجلد الملفات &amp;المستلمة…</translation>
    </message>
    <message>
        <source>Cannot send %1: %2</source>
        <translation>تعذر إرسال %1: %2</translation>
    </message>
    <message>
        <source>Cannot send the picture: %1</source>
        <translation>تعذر إرسال الصورة: %1</translation>
    </message>
    <message>
        <source>Send Files to Channel %1</source>
        <translation>إرسال ملفات إلى القناة %1</translation>
    </message>
    <message>
        <source>Folder for Received Files</source>
        <translation>مجلد الملفات المستلمة</translation>
    </message>
    <message>
        <source>Received files are saved in %1</source>
        <translation>تُحفظ الملفات المستلمة في %1</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Enter text to send to peer(s)</source>
        <translation>أدخل نصًا لإرساله إلى المشاركين</translation>
    </message>
    <message>
        <source>line %1 not sent: %2</source>
        <translation>لم يُرسل السطر %1: %2</translation>
    </message>
    <message>
        <source>line %1 not sent: it is %2 bytes long; the limit is %3 bytes</source>
        <translation>لم يُرسل السطر %1: طوله %2 بايت، والحد الأقصى %3 بايت</translation>
    </message>
    <message>
        <source>cannot start demo window %1 of %2</source>
        <translation>تعذّر تشغيل نافذة العرض %1 من %2</translation>
    </message>
    <message>
        <source>Internal: place this window as number I of N.</source>
        <translation>داخلي: ضع هذه النافذة في الموضع I من N.</translation>
    </message>
    <message>
        <source>--demo-slot needs I/N with 0 &lt;= I &lt; N &lt;= 8, not &apos;%1&apos;</source>
        <translation>يحتاج ‎--demo-slot إلى I/N حيث 0 &lt;= I &lt; N &lt;= 8، وليس «%1»</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;.

%2</source>
        <translation>تعذّر الانضمام إلى القناة «%1».

%2</translation>
    </message>
    <message>
        <source>A chat between processes on one machine, through shared memory.</source>
        <translation>دردشة بين العمليات على جهاز واحد عبر الذاكرة المشتركة.</translation>
    </message>
    <message>
        <source>Run as a console peer: stdin lines are sent, messages printed.</source>
        <translation>التشغيل كمشارك في الطرفية: تُرسل أسطر الإدخال القياسي وتُطبع الرسائل.</translation>
    </message>
    <message>
        <source>The channel to join (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; default: general).</source>
        <translation>القناة المراد الانضمام إليها (حروف وأرقام و&apos;.&apos; و&apos;_&apos; و&apos;-&apos;؛ الافتراضية: general).</translation>
    </message>
    <message>
        <source>Your name on the channel (default: your login name).</source>
        <translation>اسمك في القناة (الافتراضي: اسم الدخول).</translation>
    </message>
    <message>
        <source>With --headless: print one JSON object per event.</source>
        <translation>مع ‎--headless: اطبع كائن JSON واحدًا لكل حدث.</translation>
    </message>
    <message>
        <source>With --headless: before leaving, wait until N messages were received.</source>
        <translation>مع ‎--headless: قبل المغادرة، انتظر حتى تُستقبل N رسالة.</translation>
    </message>
    <message>
        <source>Start N chat windows (2 to 8) as separate processes, side by side.</source>
        <translation>شغّل N نوافذ دردشة (من 2 إلى 8) كعمليات منفصلة جنبًا إلى جنب.</translation>
    </message>
    <message>
        <source>Full-screen window for a small touch screen.</source>
        <translation>نافذة بملء الشاشة لشاشة لمس صغيرة.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>وسيط غير متوقع «%1»</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>«%1» ليس اسم قناة صالحًا: استخدم من 1 إلى 64 من الحروف أو الأرقام أو &apos;.&apos; أو &apos;_&apos; أو &apos;-&apos;</translation>
    </message>
    <message>
        <source>cannot use &apos;%1&apos; as a name: %2</source>
        <translation>لا يمكن استخدام «%1» اسمًا: %2</translation>
    </message>
    <message>
        <source>--receive needs a number of messages, not &apos;%1&apos;</source>
        <translation>يحتاج ‎--receive إلى عدد من الرسائل، وليس «%1»</translation>
    </message>
    <message>
        <source>--demo needs a number of windows from 2 to 8, not &apos;%1&apos;</source>
        <translation>يحتاج ‎--demo إلى عدد نوافذ من 2 إلى 8، وليس «%1»</translation>
    </message>
    <message>
        <source>List your channels: peers (alive, frozen or gone), messages, health.</source>
        <translation>اعرض قنواتك: المشاركون (أحياء أو مجمّدون أو غائبون)، الرسائل، الحالة.</translation>
    </message>
    <message>
        <source>Remove a channel&apos;s shared memory and semaphores when no live peer is on it.</source>
        <translation>أزل الذاكرة المشتركة والإشارات الخاصة بقناة حين لا يكون فيها مشارك حي.</translation>
    </message>
    <message>
        <source>no screen to show the window on (platform %1); check QT_QPA_PLATFORM and the device it uses</source>
        <translation>لا توجد شاشة لعرض النافذة عليها (المنصة %1)؛ تحقّق من QT_QPA_PLATFORM والجهاز الذي تستخدمه</translation>
    </message>
    <message>
        <source>the window cannot open in this mode</source>
        <translation>لا يمكن فتح النافذة في هذا الوضع</translation>
    </message>
    <message>
        <source>%1 is version %2, not %3</source>
        <translation>%1 من الإصدار %2، وليس %3</translation>
    </message>
    <message>
        <source>cannot load the window module: %1</source>
        <translation>تعذّر تحميل وحدة النافذة: %1</translation>
    </message>
    <message>
        <source>the window module peerchat-gui.so is neither next to %1 nor in %2; copy it there, or run &apos;peerchat --headless&apos;</source>
        <translation>وحدة النافذة peerchat-gui.so ليست بجانب %1 ولا في %2؛ انسخها إلى هناك، أو شغّل &apos;peerchat --headless&apos;</translation>
    </message>
    <message>
        <source>cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use &apos;peerchat --headless&apos; for the console peer</source>
        <translation>تعذّر فتح نافذة (%1%2): شغّل peerchat في جلسة سطح مكتب، أو اختر منصة على الجهاز (-platform eglfs أو linuxfb أو vnc، أو QT_QPA_PLATFORM)، أو استخدم &apos;peerchat --headless&apos; للنظير النصي</translation>
    </message>
    <message>
        <source>On joining, show up to N earlier messages the channel still holds (default 100; 0: none).</source>
        <translation>عند الانضمام، اعرض حتى N من الرسائل السابقة التي لا تزال القناة تحتفظ بها (الافتراضي 100؛ 0: لا شيء).</translation>
    </message>
    <message>
        <source>--history needs a number of messages from 0 to %1, not &apos;%2&apos;</source>
        <translation>يحتاج --history إلى عدد رسائل من 0 إلى %1، وليس &apos;%2&apos;</translation>
    </message>
    <message>
        <source>With --headless: accept every file offered and save it into DIR (without it, offers are shown and ignored). Send a file with a line &quot;/send PATH&quot;; &quot;/cancel [ID]&quot; stops sending or receiving; a line that starts with &quot;//&quot; is sent with one &quot;/&quot; less.</source>
        <translation>مع ‎--headless: اقبل كل ملف معروض واحفظه في DIR (بدونه تُعرض العروض وتُتجاهل). أرسل ملفًا بسطر &quot;/send PATH&quot;؛ و&quot;/cancel [ID]&quot; يوقف الإرسال أو الاستقبال؛ والسطر الذي يبدأ بـ &quot;//&quot; يُرسل بـ &quot;/&quot; واحدة أقل.</translation>
    </message>
    <message>
        <source>--save-files needs a folder you can write to, not &apos;%1&apos;</source>
        <translation>يحتاج ‎--save-files إلى مجلد يمكنك الكتابة فيه، وليس &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot send %1: %2</source>
        <translation>تعذّر إرسال %1: %2</translation>
    </message>
    <message>
        <source>no file transfer %1 is going on</source>
        <translation>لا يجري نقل ملف %1</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>You cancelled it</source>
        <translation>ألغيت النقل</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>ألغاه %1</translation>
    </message>
    <message>
        <source>%1 accepted</source>
        <translation>قبل %1</translation>
    </message>
    <message>
        <source>%1 saved it</source>
        <translation>حفظه %1</translation>
    </message>
    <message>
        <source>failed for %1: %2</source>
        <translation>فشل لدى %1: %2</translation>
    </message>
    <message>
        <source>the clipboard holds no picture</source>
        <translation>الحافظة لا تحتوي على صورة</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>صورة ملصقة %1.png</translation>
    </message>
    <message>
        <source>cannot write the picture to %1</source>
        <translation>تعذرت كتابة الصورة في %1</translation>
    </message>
    <message>
        <source>cannot make the folder %1</source>
        <translation>تعذر إنشاء المجلد %1</translation>
    </message>
    <message>
        <source>Cannot save the file: %1</source>
        <translation>تعذر حفظ الملف: %1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>ألغى %1</translation>
    </message>
    <message>
        <source>%1 declined</source>
        <translation>رفض %1</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Picture %1</source>
        <translation>الصورة %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>فتح</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>رفض</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>إظهار في المجلد</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <source>Remove this file from the list</source>
        <translation>إزالة هذا الملف من القائمة</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 يعرض %2</translation>
    </message>
    <message>
        <source>You offer %1</source>
        <translation>أنت تعرض %1</translation>
    </message>
    <message>
        <source>waiting for someone to accept</source>
        <translation>في انتظار القبول</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>جارٍ إرسال %1</translation>
    </message>
    <message>
        <source>Receiving %1 from %2</source>
        <translation>جارٍ استلام %1 من %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 من %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/ث</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>متبقٍ %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 من %2</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>حُفظ باسم %1</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>أُرسل %1</translation>
    </message>
    <message>
        <source>You offered %1</source>
        <translation>عرضت %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>فشل: %1</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>مرفوض</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>تعذّرت قراءة %1: %2</translation>
    </message>
    <message>
        <source>cannot save into %1: %2</source>
        <translation>تعذّر الحفظ في %1: %2</translation>
    </message>
    <message>
        <source>%1 has too many receivers already</source>
        <translation>لدى %1 عدد كبير جدًا من المستقبلين</translation>
    </message>
    <message>
        <source>%1 started before this peer accepted it</source>
        <translation>بدأ %1 قبل أن يقبله هذا النظير</translation>
    </message>
    <message>
        <source>%1: the transfer&apos;s shared memory is damaged</source>
        <translation>%1: الذاكرة المشتركة للنقل تالفة</translation>
    </message>
    <message>
        <source>%1: a block failed its check (at byte %2)</source>
        <translation>%1: فشل فحص كتلة (عند البايت %2)</translation>
    </message>
    <message>
        <source>disk full: %1 not saved</source>
        <translation>القرص ممتلئ: لم يُحفظ %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>تعذّرت كتابة %1: %2</translation>
    </message>
    <message>
        <source>%1 failed its SHA-256 check: not saved</source>
        <translation>فشل %1 في فحص SHA-256: لم يُحفظ</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>تعذّر حفظ %1: %2</translation>
    </message>
    <message>
        <source>too slow: %1 failed for this peer (the others went on)</source>
        <translation>بطيء جدًا: فشل %1 لهذا النظير (واصل الآخرون)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2</source>
        <translation>فشل %1 لدى %2</translation>
    </message>
    <message>
        <source>%1 is gone: %2 not saved</source>
        <translation>%1 لم يعد موجودًا: لم يُحفظ %2</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>ليس ملفًا عاديًا</translation>
    </message>
    <message>
        <source>not on a channel</source>
        <translation>لست في قناة</translation>
    </message>
    <message>
        <source>no offer %1</source>
        <translation>لا يوجد عرض %1</translation>
    </message>
    <message>
        <source>%1 is no longer offered (%2)</source>
        <translation>لم يعد %1 معروضًا (%2)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2: %3</source>
        <translation>فشل %1 لدى %2: %3</translation>
    </message>
    <message>
        <source>%1 left: %2 not saved</source>
        <translation>غادر %1: لم يُحفظ %2</translation>
    </message>
    <message>
        <source>%1 left: the offer of %2 ended</source>
        <translation>غادر %1: انتهى عرض %2</translation>
    </message>
</context>
<context>
    <name>MessageBus</name>
    <message>
        <source>the name is not valid text</source>
        <translation>الاسم ليس نصًا صالحًا</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>الاسم فارغ</translation>
    </message>
    <message>
        <source>the name is %1 characters long; the limit is %2</source>
        <translation>طول الاسم %1 حرفًا، والحد الأقصى %2</translation>
    </message>
    <message>
        <source>the name contains control characters</source>
        <translation>يحتوي الاسم على محارف تحكم</translation>
    </message>
    <message>
        <source>the name contains text-direction controls</source>
        <translation>يحتوي الاسم على محارف تحكم في اتجاه النص</translation>
    </message>
    <message>
        <source>Already joined channel &quot;%1&quot;</source>
        <translation>انضممت بالفعل إلى القناة «%1»</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>«%1» ليس اسم قناة صالحًا: استخدم من 1 إلى 64 من الحروف أو الأرقام أو &apos;.&apos; أو &apos;_&apos; أو &apos;-&apos;</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as a peer name: %2</source>
        <translation>لا يمكن استخدام «%1» اسمًا للمشارك: %2</translation>
    </message>
    <message>
        <source>Cannot use the runtime directory: %1</source>
        <translation>لا يمكن استخدام مجلد التشغيل: %1</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is busy: process %2 is joining or leaving it and does not finish (is it frozen?); try again, or stop that process</source>
        <translation>القناة «%1» مشغولة: العملية %2 تنضم إليها أو تغادرها ولا تنتهي (هل هي متجمدة؟)؛ حاول مرة أخرى أو أوقف تلك العملية</translation>
    </message>
    <message>
        <source>Cannot lock channel &quot;%1&quot;: %2</source>
        <translation>تعذّر قفل القناة «%1»: %2</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is full: %2 peers</source>
        <translation>القناة «%1» ممتلئة: %2 مشاركًا</translation>
    </message>
    <message>
        <source>Cannot create the wake-up semaphore for channel &quot;%1&quot;: %2</source>
        <translation>تعذّر إنشاء إشارة الإيقاظ للقناة «%1»: %2</translation>
    </message>
    <message>
        <source>Stopped receiving on channel &quot;%1&quot;: %2</source>
        <translation>توقف الاستقبال في القناة «%1»: %2</translation>
    </message>
    <message>
        <source>The message is not valid text (it has a lone surrogate)</source>
        <translation>الرسالة ليست نصًا صالحًا (تحتوي على بديل منفرد)</translation>
    </message>
    <message>
        <source>The message is not valid UTF-8; nothing was sent</source>
        <translation>الرسالة ليست UTF-8 صالحًا؛ لم يُرسل شيء</translation>
    </message>
    <message>
        <source>Cannot send: not joined to channel &quot;%1&quot;</source>
        <translation>لا يمكن الإرسال: لم تنضم إلى القناة «%1»</translation>
    </message>
    <message>
        <source>The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent</source>
        <translation>طول الرسالة %1 بايت، والحد الأقصى %2 بايت (64 كيلوبايت)؛ لم يُرسل شيء</translation>
    </message>
    <message>
        <source>Channel %1 is damaged: %2</source>
        <translation>القناة %1 تالفة: %2</translation>
    </message>
    <message>
        <source>the name is over %1 bytes long</source>
        <translation>الاسم أطول من %1 بايت</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;: %2</source>
        <translation>تعذّر الانضمام إلى القناة &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>ring cells held bytes that no peer writes; they were freed again</source>
        <translation>احتوت خلايا الحلقة على بايتات لا يكتبها أي نظير؛ وقد حُرِّرت من جديد</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid UTF-8; nothing was sent</source>
        <translation>الرسالة %1 من %2 ليست UTF-8 صالحًا؛ لم يُرسل شيء</translation>
    </message>
    <message>
        <source>Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent</source>
        <translation>طول الرسالة %1 من %2 هو %3 بايت، والحد الأقصى %4 بايت (64 كيلوبايت)؛ لم يُرسل شيء</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent</source>
        <translation>الرسالة %1 من %2 ليست نصًا صالحًا (تحتوي على بديل منفرد)؛ لم يُرسل شيء</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>ثنائي، %1 بايت، النوع %2</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>انضم %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>غادر %1</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>لم تفت أي رسالة</numerusform>
            <numerusform>فاتتك رسالة واحدة</numerusform>
            <numerusform>فاتتك رسالتان</numerusform>
            <numerusform>فاتتك %n رسائل</numerusform>
            <numerusform>فاتتك %n رسالة</numerusform>
            <numerusform>فاتتك %n رسالة</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1، %2</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 في %2: %3</translation>
    </message>
    <message>
        <source>You joined here</source>
        <translation>انضممت من هنا</translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>انضممت من هنا</numerusform>
            <numerusform>انضممت من هنا؛ تعذّر استرداد رسالة سابقة واحدة</numerusform>
            <numerusform>انضممت من هنا؛ تعذّر استرداد رسالتين سابقتين</numerusform>
            <numerusform>انضممت من هنا؛ تعذّر استرداد %n رسائل سابقة</numerusform>
            <numerusform>انضممت من هنا؛ تعذّر استرداد %n رسالة سابقة</numerusform>
            <numerusform>انضممت من هنا؛ تعذّر استرداد %n رسالة سابقة</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2, before you joined: %3</source>
        <translation>%1 في %2، قبل انضمامك: %3</translation>
    </message>
</context>
<context>
    <name>PeerListWidget</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (أنت)</translation>
    </message>
    <message>
        <source>%1, process %2</source>
        <translation>%1، العملية %2</translation>
    </message>
</context>
</TS>
