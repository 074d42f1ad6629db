<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChannelDirectory</name>
    <message>
        <source>no segment (nobody has joined since the last peer left)</source>
        <translation>没有内存段（自最后一个成员离开后无人加入）</translation>
    </message>
    <message>
        <source>made by another peerchat (layout version %1; this one uses %2)</source>
        <translation>由另一个 peerchat 创建（布局版本 %1；本程序使用 %2）</translation>
    </message>
    <message>
        <source>its key is used by channel &quot;%1&quot;</source>
        <translation>其键正被频道“%1”使用</translation>
    </message>
    <message>
        <source>damaged: its header fails the checks</source>
        <translation>已损坏：其头部未通过检查</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is busy: a peer is joining or leaving it right now</source>
        <translation>频道“%1”正忙：有成员正在加入或离开</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; still has live peers: %2; they must leave first</source>
        <translation>频道“%1”仍有存活的成员：%2；他们必须先离开</translation>
    </message>
    <message>
        <source>cannot remove the segment of channel &quot;%1&quot;</source>
        <translation>无法删除频道“%1”的内存段</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; had no segment; its files were removed</source>
        <translation>频道“%1”没有内存段；其文件已删除</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>二进制，%1 字节，类型 %2</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>Change &amp;Name…</source>
        <translation>更改名称(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>复制消息(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lear View</source>
        <translation>清空视图(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>系统默认(&amp;S)</translation>
    </message>
    <message>
        <source>Desktop &amp;Notifications</source>
        <translation>桌面通知(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About peerchat</source>
        <translation>关于 peerchat(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send the message (Enter); Shift+Enter adds a line break</source>
        <translation>发送消息（Enter）；Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Write a message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>输入消息。Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line</source>
        <translation>Enter 发送消息；Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息列表</translation>
    </message>
    <message>
        <source>The conversation on channel %1</source>
        <translation>频道 %1 中的对话</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>成员(&amp;P)</translation>
    </message>
    <message>
        <source>People on this channel</source>
        <translation>此频道中的成员</translation>
    </message>
    <message>
        <source>Why the message was not sent</source>
        <translation>消息未发送的原因</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名称</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>成员人数</translation>
    </message>
    <message>
        <source>Channel error</source>
        <translation>频道错误</translation>
    </message>
    <message>
        <source>%1 on %2 — peerchat</source>
        <translation>%1 在 %2 — peerchat</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>（%n 条新消息）%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>频道：%1</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>你：%1</translation>
    </message>
    <message>
        <source>You: not joined</source>
        <translation>你：未加入</translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>已从视图中移除 %n 条较早的消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and press Enter again.</source>
        <translation>此消息长 %1 字节；最多只能发送 %2 字节。请缩短后再按 Enter。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Change Name</source>
        <translation>更改名称</translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>你在频道 %1 中的名称（最多 %n 个字符）：</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as your name: %2</source>
        <translation>无法使用“%1”作为你的名称：%2</translation>
    </message>
    <message>
        <source>Could not change the name: %1</source>
        <translation>无法更改名称：%1</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <source>About peerchat</source>
        <translation>关于 peerchat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;A chat between processes on one machine, through shared memory.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;通过共享内存在同一台机器上的进程之间聊天。&lt;/p&gt;&lt;p&gt;使用 Qt %2 构建，运行于 Qt %3。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This desktop shows no notifications; new messages are counted in the title</source>
        <translation>此桌面不显示通知；新消息数会显示在标题中</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>%n 人在线</numerusform>
        </translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>输入消息</translation>
    </message>
    <message>
        <source>&amp;Earlier Messages on Joining</source>
        <translation>加入时显示之前的消息(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>无(&amp;N)</translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>最近 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier messages are shown the next time peerchat joins a channel</source>
        <translation>之前的消息将在 peerchat 下次加入频道时显示</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>发送文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Folder for &amp;Received Files…</source>
        <translation>接收文件的文件夹(&amp;R)…</translation>
    </message>
    <message>
        <source>Cannot send %1: %2</source>
        <translation>无法发送 %1：%2</translation>
    </message>
    <message>
        <source>Cannot send the picture: %1</source>
        <translation>无法发送图片：%1</translation>
    </message>
    <message>
        <source>Send Files to Channel %1</source>
        <translation>向频道 %1 发送文件</translation>
    </message>
    <message>
        <source>Folder for Received Files</source>
        <translation>接收文件的文件夹</translation>
    </message>
    <message>
        <source>Received files are saved in %1</source>
        <translation>接收的文件保存在 %1</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Enter text to send to peer(s)</source>
        <translation>输入要发送给其他成员的文本</translation>
    </message>
    <message>
        <source>line %1 not sent: %2</source>
        <translation>第 %1 行未发送：%2</translation>
    </message>
    <message>
        <source>line %1 not sent: it is %2 bytes long; the limit is %3 bytes</source>
        <translation>第 %1 行未发送：长度为 %2 字节；上限为 %3 字节</translation>
    </message>
    <message>
        <source>cannot start demo window %1 of %2</source>
        <translation>无法启动演示窗口 %1/%2</translation>
    </message>
    <message>
        <source>Internal: place this window as number I of N.</source>
        <translation>内部选项：将此窗口放在 N 个中的第 I 个位置。</translation>
    </message>
    <message>
        <source>--demo-slot needs I/N with 0 &lt;= I &lt; N &lt;= 8, not &apos;%1&apos;</source>
        <translation>--demo-slot 需要 0 &lt;= I &lt; N &lt;= 8 的 I/N，而不是“%1”</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;.

%2</source>
        <translation>无法加入频道“%1”。

%2</translation>
    </message>
    <message>
        <source>A chat between processes on one machine, through shared memory.</source>
        <translation>通过共享内存在同一台机器上的进程之间聊天。</translation>
    </message>
    <message>
        <source>Run as a console peer: stdin lines are sent, messages printed.</source>
        <translation>作为控制台成员运行：发送标准输入的每一行，并打印收到的消息。</translation>
    </message>
    <message>
        <source>The channel to join (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; default: general).</source>
        <translation>要加入的频道（字母、数字、&apos;.&apos;、&apos;_&apos;、&apos;-&apos;；默认：general）。</translation>
    </message>
    <message>
        <source>Your name on the channel (default: your login name).</source>
        <translation>你在频道中的名称（默认：登录名）。</translation>
    </message>
    <message>
        <source>With --headless: print one JSON object per event.</source>
        <translation>与 --headless 一起使用：每个事件输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>With --headless: before leaving, wait until N messages were received.</source>
        <translation>与 --headless 一起使用：离开前等待收到 N 条消息。</translation>
    </message>
    <message>
        <source>Start N chat windows (2 to 8) as separate processes, side by side.</source>
        <translation>以独立进程并排启动 N 个（2 到 8）聊天窗口。</translation>
    </message>
    <message>
        <source>Full-screen window for a small touch screen.</source>
        <translation>适用于小型触摸屏的全屏窗口。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>意外的参数“%1”</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>“%1”不是有效的频道名称：请使用 1 到 64 个字母、数字、&apos;.&apos;、&apos;_&apos; 或 &apos;-&apos;</translation>
    </message>
    <message>
        <source>cannot use &apos;%1&apos; as a name: %2</source>
        <translation>无法使用“%1”作为名称：%2</translation>
    </message>
    <message>
        <source>--receive needs a number of messages, not &apos;%1&apos;</source>
        <translation>--receive 需要消息数量，而不是“%1”</translation>
    </message>
    <message>
        <source>--demo needs a number of windows from 2 to 8, not &apos;%1&apos;</source>
        <translation>--demo 需要 2 到 8 之间的窗口数量，而不是“%1”</translation>
    </message>
    <message>
        <source>List your channels: peers (alive, frozen or gone), messages, health.</source>
        <translation>列出你的频道：成员（存活、冻结或已消失）、消息、健康状况。</translation>
    </message>
    <message>
        <source>Remove a channel&apos;s shared memory and semaphores when no live peer is on it.</source>
        <translation>当频道上没有存活的成员时，删除其共享内存和信号量。</translation>
    </message>
    <message>
        <source>no screen to show the window on (platform %1); check QT_QPA_PLATFORM and the device it uses</source>
        <translation>没有可显示窗口的屏幕（平台 %1）；请检查 QT_QPA_PLATFORM 及其使用的设备</translation>
    </message>
    <message>
        <source>the window cannot open in this mode</source>
        <translation>此模式下无法打开窗口</translation>
    </message>
    <message>
        <source>%1 is version %2, not %3</source>
        <translation>%1 的版本是 %2，而不是 %3</translation>
    </message>
    <message>
        <source>cannot load the window module: %1</source>
        <translation>无法加载窗口模块：%1</translation>
    </message>
    <message>
        <source>the window module peerchat-gui.so is neither next to %1 nor in %2; copy it there, or run &apos;peerchat --headless&apos;</source>
        <translation>窗口模块 peerchat-gui.so 既不在 %1 旁边，也不在 %2 中；请将其复制到那里，或运行 &apos;peerchat --headless&apos;</translation>
    </message>
    <message>
        <source>cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use &apos;peerchat --headless&apos; for the console peer</source>
        <translation>无法打开窗口（%1%2）：请在桌面会话中启动 peerchat，在设备上选择一个平台（-platform eglfs、linuxfb 或 vnc，或 QT_QPA_PLATFORM），或使用 &apos;peerchat --headless&apos; 作为控制台节点</translation>
    </message>
    <message>
        <source>On joining, show up to N earlier messages the channel still holds (default 100; 0: none).</source>
        <translation>加入时，最多显示频道仍保留的 N 条之前的消息（默认 100；0：不显示）。</translation>
    </message>
    <message>
        <source>--history needs a number of messages from 0 to %1, not &apos;%2&apos;</source>
        <translation>--history 需要 0 到 %1 之间的消息数，而不是“%2”</translation>
    </message>
    <message>
        <source>With --headless: accept every file offered and save it into DIR (without it, offers are shown and ignored). Send a file with a line &quot;/send PATH&quot;; &quot;/cancel [ID]&quot; stops sending or receiving; a line that starts with &quot;//&quot; is sent with one &quot;/&quot; less.</source>
        <translation>与 --headless 一起使用：接受所有提供的文件并保存到 DIR（不指定时只显示提供而忽略）。用一行 &quot;/send 路径&quot; 发送文件；&quot;/cancel [ID]&quot; 停止发送或接收；以 &quot;//&quot; 开头的行发送时去掉一个 &quot;/&quot;。</translation>
    </message>
    <message>
        <source>--save-files needs a folder you can write to, not &apos;%1&apos;</source>
        <translation>--save-files 需要一个可写入的文件夹，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot send %1: %2</source>
        <translation>无法发送 %1：%2</translation>
    </message>
    <message>
        <source>no file transfer %1 is going on</source>
        <translation>没有正在进行的文件传输 %1</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>You cancelled it</source>
        <translation>您已取消</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>已被 %1 取消</translation>
    </message>
    <message>
        <source>%1 accepted</source>
        <translation>%1 已接收</translation>
    </message>
    <message>
        <source>%1 saved it</source>
        <translation>%1 已保存</translation>
    </message>
    <message>
        <source>failed for %1: %2</source>
        <translation>%1 处失败：%2</translation>
    </message>
    <message>
        <source>the clipboard holds no picture</source>
        <translation>剪贴板中没有图片</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>粘贴的图片 %1.png</translation>
    </message>
    <message>
        <source>cannot write the picture to %1</source>
        <translation>无法将图片写入 %1</translation>
    </message>
    <message>
        <source>cannot make the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot save the file: %1</source>
        <translation>无法保存文件：%1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <source>%1 declined</source>
        <translation>%1 已拒绝</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Picture %1</source>
        <translation>图片 %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove this file from the list</source>
        <translation>从列表中移除此文件</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 发送 %2</translation>
    </message>
    <message>
        <source>You offer %1</source>
        <translation>您发送 %1</translation>
    </message>
    <message>
        <source>waiting for someone to accept</source>
        <translation>等待对方接收</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>正在发送 %1</translation>
    </message>
    <message>
        <source>Receiving %1 from %2</source>
        <translation>正在接收 %2 的 %1</translation>
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
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>来自 %2 的 %1</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>已发送 %1</translation>
    </message>
    <message>
        <source>You offered %1</source>
        <translation>您发送了 %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot save into %1: %2</source>
        <translation>无法保存到 %1：%2</translation>
    </message>
    <message>
        <source>%1 has too many receivers already</source>
        <translation>%1 的接收者已经太多</translation>
    </message>
    <message>
        <source>%1 started before this peer accepted it</source>
        <translation>%1 在此对等方接受之前已经开始</translation>
    </message>
    <message>
        <source>%1: the transfer&apos;s shared memory is damaged</source>
        <translation>%1：传输的共享内存已损坏</translation>
    </message>
    <message>
        <source>%1: a block failed its check (at byte %2)</source>
        <translation>%1：一个数据块未通过校验（在字节 %2）</translation>
    </message>
    <message>
        <source>disk full: %1 not saved</source>
        <translation>磁盘已满：%1 未保存</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 failed its SHA-256 check: not saved</source>
        <translation>%1 未通过 SHA-256 校验：未保存</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>too slow: %1 failed for this peer (the others went on)</source>
        <translation>太慢：%1 在此对等方失败（其他对等方继续）</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2</source>
        <translation>%1 在 %2 一方失败</translation>
    </message>
    <message>
        <source>%1 is gone: %2 not saved</source>
        <translation>%1 已不在：%2 未保存</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>not on a channel</source>
        <translation>不在任何频道中</translation>
    </message>
    <message>
        <source>no offer %1</source>
        <translation>没有提供 %1</translation>
    </message>
    <message>
        <source>%1 is no longer offered (%2)</source>
        <translation>%1 已不再提供（%2）</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2: %3</source>
        <translation>%1 在 %2 一方失败：%3</translation>
    </message>
    <message>
        <source>%1 left: %2 not saved</source>
        <translation>%1 已离开：%2 未保存</translation>
    </message>
    <message>
        <source>%1 left: the offer of %2 ended</source>
        <translation>%1 已离开：%2 的发送已结束</translation>
    </message>
</context>
<context>
    <name>MessageBus</name>
    <message>
        <source>the name is not valid text</source>
        <translation>名称不是有效的文本</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>名称为空</translation>
    </message>
    <message>
        <source>the name is %1 characters long; the limit is %2</source>
        <translation>名称长 %1 个字符；上限为 %2</translation>
    </message>
    <message>
        <source>the name contains control characters</source>
        <translation>名称包含控制字符</translation>
    </message>
    <message>
        <source>the name contains text-direction controls</source>
        <translation>名称包含文字方向控制符</translation>
    </message>
    <message>
        <source>Already joined channel &quot;%1&quot;</source>
        <translation>已加入频道“%1”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>“%1”不是有效的频道名称：请使用 1 到 64 个字母、数字、&apos;.&apos;、&apos;_&apos; 或 &apos;-&apos;</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as a peer name: %2</source>
        <translation>无法使用“%1”作为成员名称：%2</translation>
    </message>
    <message>
        <source>Cannot use the runtime directory: %1</source>
        <translation>无法使用运行时目录：%1</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is busy: process %2 is joining or leaving it and does not finish (is it frozen?); try again, or stop that process</source>
        <translation>频道“%1”正忙：进程 %2 正在加入或离开但迟迟未完成（是否已冻结？）；请重试，或停止该进程</translation>
    </message>
    <message>
        <source>Cannot lock channel &quot;%1&quot;: %2</source>
        <translation>无法锁定频道“%1”：%2</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is full: %2 peers</source>
        <translation>频道“%1”已满：%2 个成员</translation>
    </message>
    <message>
        <source>Cannot create the wake-up semaphore for channel &quot;%1&quot;: %2</source>
        <translation>无法为频道“%1”创建唤醒信号量：%2</translation>
    </message>
    <message>
        <source>Stopped receiving on channel &quot;%1&quot;: %2</source>
        <translation>已停止接收频道“%1”的消息：%2</translation>
    </message>
    <message>
        <source>The message is not valid text (it has a lone surrogate)</source>
        <translation>消息不是有效的文本（含有孤立的代理项）</translation>
    </message>
    <message>
        <source>The message is not valid UTF-8; nothing was sent</source>
        <translation>消息不是有效的 UTF-8；未发送任何内容</translation>
    </message>
    <message>
        <source>Cannot send: not joined to channel &quot;%1&quot;</source>
        <translation>无法发送：未加入频道“%1”</translation>
    </message>
    <message>
        <source>The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent</source>
        <translation>消息长 %1 字节；上限为 %2 字节（64 KiB）；未发送任何内容</translation>
    </message>
    <message>
        <source>Channel %1 is damaged: %2</source>
        <translation>频道 %1 已损坏：%2</translation>
    </message>
    <message>
        <source>the name is over %1 bytes long</source>
        <translation>名称超过 %1 字节</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;: %2</source>
        <translation>无法加入频道“%1”：%2</translation>
    </message>
    <message>
        <source>ring cells held bytes that no peer writes; they were freed again</source>
        <translation>环形缓冲区的单元中有任何对等方都不会写入的字节；这些单元已重新释放</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid UTF-8; nothing was sent</source>
        <translation>第 %1 条消息（共 %2 条）不是有效的 UTF-8；未发送任何内容</translation>
    </message>
    <message>
        <source>Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent</source>
        <translation>第 %1 条消息（共 %2 条）长 %3 字节；上限为 %4 字节（64 KiB）；未发送任何内容</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent</source>
        <translation>第 %1 条消息（共 %2 条）不是有效的文本（含有孤立的代理项）；未发送任何内容</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>二进制，%1 字节，类型 %2</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 已加入</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 已离开</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>错过了 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>You joined here</source>
        <translation>你从这里加入</translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>你从这里加入；%n 条之前的消息无法恢复</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2, before you joined: %3</source>
        <translation>%1，%2，在你加入之前：%3</translation>
    </message>
</context>
<context>
    <name>PeerListWidget</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <source>%1, process %2</source>
        <translation>%1，进程 %2</translation>
    </message>
</context>
</TS>
