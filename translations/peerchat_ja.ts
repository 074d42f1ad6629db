<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>ChannelDirectory</name>
    <message>
        <source>no segment (nobody has joined since the last peer left)</source>
        <translation>セグメントなし (最後の参加者が退出してから誰も参加していません)</translation>
    </message>
    <message>
        <source>made by another peerchat (layout version %1; this one uses %2)</source>
        <translation>別の peerchat が作成 (レイアウトのバージョン %1、この peerchat は %2)</translation>
    </message>
    <message>
        <source>its key is used by channel &quot;%1&quot;</source>
        <translation>そのキーはチャンネル「%1」が使用中です</translation>
    </message>
    <message>
        <source>damaged: its header fails the checks</source>
        <translation>破損: ヘッダーが検査に合格しません</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is busy: a peer is joining or leaving it right now</source>
        <translation>チャンネル「%1」は使用中です: 参加者が参加または退出しているところです</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; still has live peers: %2; they must leave first</source>
        <translation>チャンネル「%1」にはまだ稼働中の参加者がいます: %2。先に退出させてください</translation>
    </message>
    <message>
        <source>cannot remove the segment of channel &quot;%1&quot;</source>
        <translation>チャンネル「%1」のセグメントを削除できません</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; had no segment; its files were removed</source>
        <translation>チャンネル「%1」にはセグメントがありませんでした。ファイルを削除しました</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>バイナリ、%1 バイト、種類 %2</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <source>Change &amp;Name…</source>
        <translation>名前を変更(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>メッセージをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lear View</source>
        <translation>表示をクリア(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>システムの既定(&amp;S)</translation>
    </message>
    <message>
        <source>Desktop &amp;Notifications</source>
        <translation>デスクトップ通知(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About peerchat</source>
        <translation>peerchat について(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>送信(&amp;S)</translation>
    </message>
    <message>
        <source>Send the message (Enter); Shift+Enter adds a line break</source>
        <translation>メッセージを送信 (Enter)。Shift+Enter で改行</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Write a message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>メッセージを入力。Enter で送信、Shift+Enter で改行。</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line</source>
        <translation>Enter でメッセージを送信、Shift+Enter で改行</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メッセージ一覧</translation>
    </message>
    <message>
        <source>The conversation on channel %1</source>
        <translation>チャンネル %1 の会話</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>参加者(&amp;P)</translation>
    </message>
    <message>
        <source>People on this channel</source>
        <translation>このチャンネルの参加者</translation>
    </message>
    <message>
        <source>Why the message was not sent</source>
        <translation>メッセージが送信されなかった理由</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>参加者数</translation>
    </message>
    <message>
        <source>Channel error</source>
        <translation>チャンネルのエラー</translation>
    </message>
    <message>
        <source>%1 on %2 — peerchat</source>
        <translation>%2 の %1 — peerchat</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>(新着 %n) %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>チャンネル: %1</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>あなた: %1</translation>
    </message>
    <message>
        <source>You: not joined</source>
        <translation>あなた: 未参加</translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>古いメッセージ %n 件を表示から削除しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and press Enter again.</source>
        <translation>このメッセージは %1 バイトです。送信できるのは最大 %2 バイトです。短くしてからもう一度 Enter を押してください。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>送信されませんでした: %1</translation>
    </message>
    <message>
        <source>Change Name</source>
        <translation>名前の変更</translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>チャンネル %1 でのあなたの名前（最大 %n 文字）:</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as your name: %2</source>
        <translation>「%1」は名前として使用できません: %2</translation>
    </message>
    <message>
        <source>Could not change the name: %1</source>
        <translation>名前を変更できませんでした: %1</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>メッセージをコピーしました</translation>
    </message>
    <message>
        <source>About peerchat</source>
        <translation>peerchat について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;A chat between processes on one machine, through shared memory.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;共有メモリを使った、同じマシン上のプロセス間のチャット。&lt;/p&gt;&lt;p&gt;Qt %2 でビルド、Qt %3 で実行中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This desktop shows no notifications; new messages are counted in the title</source>
        <translation>このデスクトップは通知を表示できません。新着メッセージはタイトルに件数で表示されます</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 の %1</translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>オンライン %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>メニュー</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>メッセージを入力</translation>
    </message>
    <message>
        <source>&amp;Earlier Messages on Joining</source>
        <translation>参加時の以前のメッセージ(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>なし(&amp;N)</translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>直近の %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier messages are shown the next time peerchat joins a channel</source>
        <translation>以前のメッセージは、次に peerchat がチャンネルに参加したときに表示されます</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>ファイルを送信(&amp;F)…</translation>
    </message>
    <message>
        <source>Folder for &amp;Received Files…</source>
        <translation>受信ファイルのフォルダー(&amp;R)…</translation>
    </message>
    <message>
        <source>Cannot send %1: %2</source>
        <translation>%1 を送信できません: %2</translation>
    </message>
    <message>
        <source>Cannot send the picture: %1</source>
        <translation>画像を送信できません: %1</translation>
    </message>
    <message>
        <source>Send Files to Channel %1</source>
        <translation>チャンネル %1 にファイルを送信</translation>
    </message>
    <message>
        <source>Folder for Received Files</source>
        <translation>受信ファイルのフォルダー</translation>
    </message>
    <message>
        <source>Received files are saved in %1</source>
        <translation>受信したファイルは %1 に保存されます</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Enter text to send to peer(s)</source>
        <translation>参加者に送信するテキストを入力してください</translation>
    </message>
    <message>
        <source>line %1 not sent: %2</source>
        <translation>%1 行目は送信されませんでした: %2</translation>
    </message>
    <message>
        <source>line %1 not sent: it is %2 bytes long; the limit is %3 bytes</source>
        <translation>%1 行目は送信されませんでした: %2 バイトあります。上限は %3 バイトです</translation>
    </message>
    <message>
        <source>cannot start demo window %1 of %2</source>
        <translation>デモウィンドウ %1/%2 を起動できません</translation>
    </message>
    <message>
        <source>Internal: place this window as number I of N.</source>
        <translation>内部用: このウィンドウを N 個中 I 番目の位置に置きます。</translation>
    </message>
    <message>
        <source>--demo-slot needs I/N with 0 &lt;= I &lt; N &lt;= 8, not &apos;%1&apos;</source>
        <translation>--demo-slot には 0 &lt;= I &lt; N &lt;= 8 の I/N を指定してください（「%1」ではなく）</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;.

%2</source>
        <translation>チャンネル「%1」に参加できません。

%2</translation>
    </message>
    <message>
        <source>A chat between processes on one machine, through shared memory.</source>
        <translation>共有メモリを使った、同じマシン上のプロセス間のチャット。</translation>
    </message>
    <message>
        <source>Run as a console peer: stdin lines are sent, messages printed.</source>
        <translation>コンソールの参加者として動作: 標準入力の行を送信し、メッセージを表示します。</translation>
    </message>
    <message>
        <source>The channel to join (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; default: general).</source>
        <translation>参加するチャンネル（英字、数字、&apos;.&apos;、&apos;_&apos;、&apos;-&apos;。既定: general）。</translation>
    </message>
    <message>
        <source>Your name on the channel (default: your login name).</source>
        <translation>チャンネルでのあなたの名前（既定: ログイン名）。</translation>
    </message>
    <message>
        <source>With --headless: print one JSON object per event.</source>
        <translation>--headless と併用: イベントごとに JSON オブジェクトを 1 つ出力します。</translation>
    </message>
    <message>
        <source>With --headless: before leaving, wait until N messages were received.</source>
        <translation>--headless と併用: 退出する前に N 件のメッセージを受信するまで待ちます。</translation>
    </message>
    <message>
        <source>Start N chat windows (2 to 8) as separate processes, side by side.</source>
        <translation>N 個（2〜8）のチャットウィンドウを別々のプロセスとして並べて起動します。</translation>
    </message>
    <message>
        <source>Full-screen window for a small touch screen.</source>
        <translation>小型タッチスクリーン向けの全画面ウィンドウ。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>予期しない引数「%1」</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>「%1」は有効なチャンネル名ではありません: 1〜64 文字の英字、数字、&apos;.&apos;、&apos;_&apos;、&apos;-&apos; を使ってください</translation>
    </message>
    <message>
        <source>cannot use &apos;%1&apos; as a name: %2</source>
        <translation>「%1」は名前として使用できません: %2</translation>
    </message>
    <message>
        <source>--receive needs a number of messages, not &apos;%1&apos;</source>
        <translation>--receive にはメッセージ数を指定してください（「%1」ではなく）</translation>
    </message>
    <message>
        <source>--demo needs a number of windows from 2 to 8, not &apos;%1&apos;</source>
        <translation>--demo には 2〜8 のウィンドウ数を指定してください（「%1」ではなく）</translation>
    </message>
    <message>
        <source>List your channels: peers (alive, frozen or gone), messages, health.</source>
        <translation>チャンネルを一覧表示: 参加者 (稼働中、停止中、消滅)、メッセージ、状態。</translation>
    </message>
    <message>
        <source>Remove a channel&apos;s shared memory and semaphores when no live peer is on it.</source>
        <translation>稼働中の参加者がいないとき、チャンネルの共有メモリとセマフォを削除します。</translation>
    </message>
    <message>
        <source>no screen to show the window on (platform %1); check QT_QPA_PLATFORM and the device it uses</source>
        <translation>ウィンドウを表示する画面がありません (プラットフォーム %1)。QT_QPA_PLATFORM とそれが使うデバイスを確認してください</translation>
    </message>
    <message>
        <source>the window cannot open in this mode</source>
        <translation>このモードではウィンドウを開けません</translation>
    </message>
    <message>
        <source>%1 is version %2, not %3</source>
        <translation>%1 のバージョンは %2 で、%3 ではありません</translation>
    </message>
    <message>
        <source>cannot load the window module: %1</source>
        <translation>ウィンドウモジュールを読み込めません: %1</translation>
    </message>
    <message>
        <source>the window module peerchat-gui.so is neither next to %1 nor in %2; copy it there, or run &apos;peerchat --headless&apos;</source>
        <translation>ウィンドウモジュール peerchat-gui.so が %1 の隣にも %2 にもありません。そこにコピーするか、&apos;peerchat --headless&apos; を実行してください</translation>
    </message>
    <message>
        <source>cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use &apos;peerchat --headless&apos; for the console peer</source>
        <translation>ウィンドウを開けません (%1%2): デスクトップセッションで peerchat を起動するか、デバイスではプラットフォームを選んでください (-platform eglfs、linuxfb、vnc、または QT_QPA_PLATFORM)。コンソールのピアには &apos;peerchat --headless&apos; を使います</translation>
    </message>
    <message>
        <source>On joining, show up to N earlier messages the channel still holds (default 100; 0: none).</source>
        <translation>参加時に、チャンネルにまだ残っている以前のメッセージを最大 N 件表示します（既定 100、0: なし）。</translation>
    </message>
    <message>
        <source>--history needs a number of messages from 0 to %1, not &apos;%2&apos;</source>
        <translation>--history にはメッセージ数を 0 から %1 で指定してください（&apos;%2&apos; は使えません）</translation>
    </message>
    <message>
        <source>With --headless: accept every file offered and save it into DIR (without it, offers are shown and ignored). Send a file with a line &quot;/send PATH&quot;; &quot;/cancel [ID]&quot; stops sending or receiving; a line that starts with &quot;//&quot; is sent with one &quot;/&quot; less.</source>
        <translation>--headless と共に: 提供されたファイルをすべて受け取り DIR に保存します (指定しない場合、提供は表示されるだけです)。ファイルは &quot;/send パス&quot; の行で送信します。&quot;/cancel [ID]&quot; で送信または受信を中止します。&quot;//&quot; で始まる行は &quot;/&quot; を一つ減らして送信されます。</translation>
    </message>
    <message>
        <source>--save-files needs a folder you can write to, not &apos;%1&apos;</source>
        <translation>--save-files には書き込み可能なフォルダーが必要です (&apos;%1&apos; は使えません)</translation>
    </message>
    <message>
        <source>cannot send %1: %2</source>
        <translation>%1 を送信できません: %2</translation>
    </message>
    <message>
        <source>no file transfer %1 is going on</source>
        <translation>ファイル転送 %1 は実行中ではありません</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>You cancelled it</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>%1 がキャンセルしました</translation>
    </message>
    <message>
        <source>%1 accepted</source>
        <translation>%1 が受け取りました</translation>
    </message>
    <message>
        <source>%1 saved it</source>
        <translation>%1 が保存しました</translation>
    </message>
    <message>
        <source>failed for %1: %2</source>
        <translation>%1 で失敗: %2</translation>
    </message>
    <message>
        <source>the clipboard holds no picture</source>
        <translation>クリップボードに画像がありません</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>貼り付けた画像 %1.png</translation>
    </message>
    <message>
        <source>cannot write the picture to %1</source>
        <translation>画像を %1 に書き込めません</translation>
    </message>
    <message>
        <source>cannot make the folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>Cannot save the file: %1</source>
        <translation>ファイルを保存できません: %1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 がキャンセルしました</translation>
    </message>
    <message>
        <source>%1 declined</source>
        <translation>%1 が断りました</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Picture %1</source>
        <translation>画像 %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>断る</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>フォルダーで表示</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove this file from the list</source>
        <translation>このファイルを一覧から削除</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 が %2 を送ろうとしています</translation>
    </message>
    <message>
        <source>You offer %1</source>
        <translation>%1 を送ろうとしています</translation>
    </message>
    <message>
        <source>waiting for someone to accept</source>
        <translation>受け取りを待っています</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>%1 を送信中</translation>
    </message>
    <message>
        <source>Receiving %1 from %2</source>
        <translation>%2 から %1 を受信中</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>残り %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%2 からの %1</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>%1 として保存しました</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>%1 を送信しました</translation>
    </message>
    <message>
        <source>You offered %1</source>
        <translation>%1 を送ろうとしました</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>断りました</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>cannot save into %1: %2</source>
        <translation>%1 に保存できません: %2</translation>
    </message>
    <message>
        <source>%1 has too many receivers already</source>
        <translation>%1 の受信者はすでに多すぎます</translation>
    </message>
    <message>
        <source>%1 started before this peer accepted it</source>
        <translation>%1 はこのピアが受け取る前に始まりました</translation>
    </message>
    <message>
        <source>%1: the transfer&apos;s shared memory is damaged</source>
        <translation>%1: 転送の共有メモリが壊れています</translation>
    </message>
    <message>
        <source>%1: a block failed its check (at byte %2)</source>
        <translation>%1: ブロックの検査に失敗しました (バイト %2)</translation>
    </message>
    <message>
        <source>disk full: %1 not saved</source>
        <translation>ディスクがいっぱいです: %1 は保存されていません</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>%1 failed its SHA-256 check: not saved</source>
        <translation>%1 は SHA-256 検査に失敗しました: 保存されていません</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>%1 を保存できません: %2</translation>
    </message>
    <message>
        <source>too slow: %1 failed for this peer (the others went on)</source>
        <translation>遅すぎます: このピアでは %1 が失敗しました (他は続行しました)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2</source>
        <translation>%1 は %2 側で失敗しました</translation>
    </message>
    <message>
        <source>%1 is gone: %2 not saved</source>
        <translation>%1 がいなくなりました: %2 は保存されていません</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>通常のファイルではありません</translation>
    </message>
    <message>
        <source>not on a channel</source>
        <translation>チャンネルに参加していません</translation>
    </message>
    <message>
        <source>no offer %1</source>
        <translation>提供 %1 はありません</translation>
    </message>
    <message>
        <source>%1 is no longer offered (%2)</source>
        <translation>%1 はもう提供されていません (%2)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2: %3</source>
        <translation>%1 は %2 側で失敗しました: %3</translation>
    </message>
    <message>
        <source>%1 left: %2 not saved</source>
        <translation>%1 が退出しました: %2 は保存されていません</translation>
    </message>
    <message>
        <source>%1 left: the offer of %2 ended</source>
        <translation>%1 が退出しました: %2 の送信は終了しました</translation>
    </message>
</context>
<context>
    <name>MessageBus</name>
    <message>
        <source>the name is not valid text</source>
        <translation>名前が有効なテキストではありません</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>名前が空です</translation>
    </message>
    <message>
        <source>the name is %1 characters long; the limit is %2</source>
        <translation>名前が %1 文字あります。上限は %2 文字です</translation>
    </message>
    <message>
        <source>the name contains control characters</source>
        <translation>名前に制御文字が含まれています</translation>
    </message>
    <message>
        <source>the name contains text-direction controls</source>
        <translation>名前に文字方向の制御文字が含まれています</translation>
    </message>
    <message>
        <source>Already joined channel &quot;%1&quot;</source>
        <translation>チャンネル「%1」には既に参加しています</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>「%1」は有効なチャンネル名ではありません: 1〜64 文字の英字、数字、&apos;.&apos;、&apos;_&apos;、&apos;-&apos; を使ってください</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as a peer name: %2</source>
        <translation>「%1」は参加者名として使用できません: %2</translation>
    </message>
    <message>
        <source>Cannot use the runtime directory: %1</source>
        <translation>ランタイムディレクトリを使用できません: %1</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is busy: process %2 is joining or leaving it and does not finish (is it frozen?); try again, or stop that process</source>
        <translation>チャンネル「%1」は使用中です: プロセス %2 が参加または退出の途中で止まっています（フリーズしていませんか？）。再試行するか、そのプロセスを停止してください</translation>
    </message>
    <message>
        <source>Cannot lock channel &quot;%1&quot;: %2</source>
        <translation>チャンネル「%1」をロックできません: %2</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is full: %2 peers</source>
        <translation>チャンネル「%1」は満員です: %2 人</translation>
    </message>
    <message>
        <source>Cannot create the wake-up semaphore for channel &quot;%1&quot;: %2</source>
        <translation>チャンネル「%1」のウェイクアップ用セマフォを作成できません: %2</translation>
    </message>
    <message>
        <source>Stopped receiving on channel &quot;%1&quot;: %2</source>
        <translation>チャンネル「%1」での受信が停止しました: %2</translation>
    </message>
    <message>
        <source>The message is not valid text (it has a lone surrogate)</source>
        <translation>メッセージが有効なテキストではありません（孤立したサロゲートがあります）</translation>
    </message>
    <message>
        <source>The message is not valid UTF-8; nothing was sent</source>
        <translation>メッセージが有効な UTF-8 ではありません。何も送信されませんでした</translation>
    </message>
    <message>
        <source>Cannot send: not joined to channel &quot;%1&quot;</source>
        <translation>送信できません: チャンネル「%1」に参加していません</translation>
    </message>
    <message>
        <source>The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent</source>
        <translation>メッセージは %1 バイトです。上限は %2 バイト（64 KiB）です。何も送信されませんでした</translation>
    </message>
    <message>
        <source>Channel %1 is damaged: %2</source>
        <translation>チャンネル %1 が破損しています: %2</translation>
    </message>
    <message>
        <source>the name is over %1 bytes long</source>
        <translation>名前が %1 バイトを超えています</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;: %2</source>
        <translation>チャンネル「%1」に参加できません: %2</translation>
    </message>
    <message>
        <source>ring cells held bytes that no peer writes; they were freed again</source>
        <translation>リングのセルにどのピアも書かないバイトがありました。セルは解放し直されました</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid UTF-8; nothing was sent</source>
        <translation>メッセージ %1/%2 が有効な UTF-8 ではありません。何も送信されませんでした</translation>
    </message>
    <message>
        <source>Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent</source>
        <translation>メッセージ %1/%2 は %3 バイトです。上限は %4 バイト（64 KiB）です。何も送信されませんでした</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent</source>
        <translation>メッセージ %1/%2 が有効なテキストではありません（孤立したサロゲートがあります）。何も送信されませんでした</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>バイナリ、%1 バイト、種類 %2</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 が参加しました</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 が退出しました</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>%n 件のメッセージを受信できませんでした</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1（%2）: %3</translation>
    </message>
    <message>
        <source>You joined here</source>
        <translation>ここで参加しました</translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>ここで参加しました。以前のメッセージ %n 件を復元できませんでした</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2, before you joined: %3</source>
        <translation>%1、%2（参加前）: %3</translation>
    </message>
</context>
<context>
    <name>PeerListWidget</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1（あなた）</translation>
    </message>
    <message>
        <source>%1, process %2</source>
        <translation>%1、プロセス %2</translation>
    </message>
</context>
</TS>
