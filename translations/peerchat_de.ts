<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ChannelDirectory</name>
    <message>
        <source>no segment (nobody has joined since the last peer left)</source>
        <translation>kein Segment (niemand ist beigetreten, seit der letzte Teilnehmer gegangen ist)</translation>
    </message>
    <message>
        <source>made by another peerchat (layout version %1; this one uses %2)</source>
        <translation>von einem anderen peerchat angelegt (Layout-Version %1; dieses verwendet %2)</translation>
    </message>
    <message>
        <source>its key is used by channel &quot;%1&quot;</source>
        <translation>sein Schlüssel wird von Kanal „%1“ verwendet</translation>
    </message>
    <message>
        <source>damaged: its header fails the checks</source>
        <translation>beschädigt: sein Kopf besteht die Prüfungen nicht</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is busy: a peer is joining or leaving it right now</source>
        <translation>Kanal „%1“ ist belegt: gerade tritt ein Teilnehmer bei oder verlässt ihn</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; still has live peers: %2; they must leave first</source>
        <translation>Kanal „%1“ hat noch lebende Teilnehmer: %2; sie müssen ihn zuerst verlassen</translation>
    </message>
    <message>
        <source>cannot remove the segment of channel &quot;%1&quot;</source>
        <translation>das Segment von Kanal „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; had no segment; its files were removed</source>
        <translation>Kanal „%1“ hatte kein Segment; seine Dateien wurden entfernt</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binär, %1 Bytes, Typ %2</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>Change &amp;Name…</source>
        <translation>&amp;Namen ändern…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>Nachricht &amp;kopieren</translation>
    </message>
    <message>
        <source>C&amp;lear View</source>
        <translation>Ansicht &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>&amp;Systemvorgabe</translation>
    </message>
    <message>
        <source>Desktop &amp;Notifications</source>
        <translation>Desktop-&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About peerchat</source>
        <translation>&amp;Über peerchat</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send the message (Enter); Shift+Enter adds a line break</source>
        <translation>Nachricht senden (Eingabetaste); Umschalt+Eingabe fügt einen Zeilenumbruch ein</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Write a message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>Nachricht schreiben. Eingabetaste sendet, Umschalt+Eingabe beginnt eine neue Zeile.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line</source>
        <translation>Die Eingabetaste sendet die Nachricht; Umschalt+Eingabe beginnt eine neue Zeile</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>The conversation on channel %1</source>
        <translation>Das Gespräch im Kanal %1</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>&amp;Teilnehmer</translation>
    </message>
    <message>
        <source>People on this channel</source>
        <translation>Teilnehmer in diesem Kanal</translation>
    </message>
    <message>
        <source>Why the message was not sent</source>
        <translation>Warum die Nachricht nicht gesendet wurde</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>Anzahl der Teilnehmer</translation>
    </message>
    <message>
        <source>Channel error</source>
        <translation>Kanalfehler</translation>
    </message>
    <message>
        <source>%1 on %2 — peerchat</source>
        <translation>%1 in %2 — peerchat</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>(%n neue) %1</numerusform>
            <numerusform>(%n neue) %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Kanal: %1</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>You: not joined</source>
        <translation>Sie: nicht beigetreten</translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>%n ältere Nachricht aus der Ansicht entfernt</numerusform>
            <numerusform>%n ältere Nachrichten aus der Ansicht entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and press Enter again.</source>
        <translation>Diese Nachricht ist %1 Bytes lang; höchstens %2 Bytes können gesendet werden. Kürzen Sie sie und drücken Sie erneut die Eingabetaste.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Change Name</source>
        <translation>Namen ändern</translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>Ihr Name im Kanal %1 (höchstens %n Zeichen):</numerusform>
            <numerusform>Ihr Name im Kanal %1 (höchstens %n Zeichen):</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as your name: %2</source>
        <translation>„%1“ kann nicht als Ihr Name verwendet werden: %2</translation>
    </message>
    <message>
        <source>Could not change the name: %1</source>
        <translation>Der Name konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>Nachricht kopiert</translation>
    </message>
    <message>
        <source>About peerchat</source>
        <translation>Über peerchat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;A chat between processes on one machine, through shared memory.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;Ein Chat zwischen Prozessen auf einem Rechner, über gemeinsamen Speicher.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This desktop shows no notifications; new messages are counted in the title</source>
        <translation>Diese Arbeitsumgebung zeigt keine Benachrichtigungen; neue Nachrichten werden im Titel gezählt</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>%n Teilnehmer online</numerusform>
            <numerusform>%n Teilnehmer online</numerusform>
        </translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>Nachricht schreiben</translation>
    </message>
    <message>
        <source>&amp;Earlier Messages on Joining</source>
        <translation>&amp;Frühere Nachrichten beim Beitreten</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>&amp;Keine</translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>Die letzte Nachricht</numerusform>
            <numerusform>Die letzten %n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier messages are shown the next time peerchat joins a channel</source>
        <translation>Frühere Nachrichten werden angezeigt, wenn peerchat das nächste Mal einem Kanal beitritt</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>&amp;Datei senden …</translation>
    </message>
    <message>
        <source>Folder for &amp;Received Files…</source>
        <translation>Ordner für &amp;empfangene Dateien …</translation>
    </message>
    <message>
        <source>Cannot send %1: %2</source>
        <translation>%1 kann nicht gesendet werden: %2</translation>
    </message>
    <message>
        <source>Cannot send the picture: %1</source>
        <translation>Das Bild kann nicht gesendet werden: %1</translation>
    </message>
    <message>
        <source>Send Files to Channel %1</source>
        <translation>Dateien an Kanal %1 senden</translation>
    </message>
    <message>
        <source>Folder for Received Files</source>
        <translation>Ordner für empfangene Dateien</translation>
    </message>
    <message>
        <source>Received files are saved in %1</source>
        <translation>Empfangene Dateien werden in %1 gespeichert</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Enter text to send to peer(s)</source>
        <translation>Text eingeben, um ihn an die Teilnehmer zu senden</translation>
    </message>
    <message>
        <source>line %1 not sent: %2</source>
        <translation>Zeile %1 nicht gesendet: %2</translation>
    </message>
    <message>
        <source>line %1 not sent: it is %2 bytes long; the limit is %3 bytes</source>
        <translation>Zeile %1 nicht gesendet: Sie ist %2 Bytes lang; die Grenze liegt bei %3 Bytes</translation>
    </message>
    <message>
        <source>cannot start demo window %1 of %2</source>
        <translation>Demo-Fenster %1 von %2 kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Internal: place this window as number I of N.</source>
        <translation>Intern: dieses Fenster als Nummer I von N platzieren.</translation>
    </message>
    <message>
        <source>--demo-slot needs I/N with 0 &lt;= I &lt; N &lt;= 8, not &apos;%1&apos;</source>
        <translation>--demo-slot erwartet I/N mit 0 &lt;= I &lt; N &lt;= 8, nicht „%1“</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;.

%2</source>
        <translation>Dem Kanal „%1“ kann nicht beigetreten werden.

%2</translation>
    </message>
    <message>
        <source>A chat between processes on one machine, through shared memory.</source>
        <translation>Ein Chat zwischen Prozessen auf einem Rechner, über gemeinsamen Speicher.</translation>
    </message>
    <message>
        <source>Run as a console peer: stdin lines are sent, messages printed.</source>
        <translation>Als Konsolen-Teilnehmer laufen: Zeilen der Standardeingabe werden gesendet, Nachrichten ausgegeben.</translation>
    </message>
    <message>
        <source>The channel to join (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; default: general).</source>
        <translation>Der Kanal, dem beigetreten wird (Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; Vorgabe: general).</translation>
    </message>
    <message>
        <source>Your name on the channel (default: your login name).</source>
        <translation>Ihr Name im Kanal (Vorgabe: Ihr Anmeldename).</translation>
    </message>
    <message>
        <source>With --headless: print one JSON object per event.</source>
        <translation>Mit --headless: ein JSON-Objekt pro Ereignis ausgeben.</translation>
    </message>
    <message>
        <source>With --headless: before leaving, wait until N messages were received.</source>
        <translation>Mit --headless: vor dem Verlassen warten, bis N Nachrichten empfangen wurden.</translation>
    </message>
    <message>
        <source>Start N chat windows (2 to 8) as separate processes, side by side.</source>
        <translation>N Chat-Fenster (2 bis 8) als eigene Prozesse nebeneinander starten.</translation>
    </message>
    <message>
        <source>Full-screen window for a small touch screen.</source>
        <translation>Vollbildfenster für einen kleinen Touchscreen.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>„%1“ ist kein gültiger Kanalname: verwenden Sie 1 bis 64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos;</translation>
    </message>
    <message>
        <source>cannot use &apos;%1&apos; as a name: %2</source>
        <translation>„%1“ kann nicht als Name verwendet werden: %2</translation>
    </message>
    <message>
        <source>--receive needs a number of messages, not &apos;%1&apos;</source>
        <translation>--receive erwartet eine Anzahl von Nachrichten, nicht „%1“</translation>
    </message>
    <message>
        <source>--demo needs a number of windows from 2 to 8, not &apos;%1&apos;</source>
        <translation>--demo erwartet eine Anzahl von Fenstern von 2 bis 8, nicht „%1“</translation>
    </message>
    <message>
        <source>List your channels: peers (alive, frozen or gone), messages, health.</source>
        <translation>Ihre Kanäle auflisten: Teilnehmer (lebend, eingefroren oder weg), Nachrichten, Zustand.</translation>
    </message>
    <message>
        <source>Remove a channel&apos;s shared memory and semaphores when no live peer is on it.</source>
        <translation>Gemeinsamen Speicher und Semaphore eines Kanals entfernen, wenn kein lebender Teilnehmer darauf ist.</translation>
    </message>
    <message>
        <source>no screen to show the window on (platform %1); check QT_QPA_PLATFORM and the device it uses</source>
        <translation>kein Bildschirm, auf dem das Fenster erscheinen kann (Plattform %1); prüfen Sie QT_QPA_PLATFORM und das Gerät, das sie verwendet</translation>
    </message>
    <message>
        <source>the window cannot open in this mode</source>
        <translation>das Fenster kann in diesem Modus nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 is version %2, not %3</source>
        <translation>%1 hat Version %2, nicht %3</translation>
    </message>
    <message>
        <source>cannot load the window module: %1</source>
        <translation>das Fenstermodul kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>the window module peerchat-gui.so is neither next to %1 nor in %2; copy it there, or run &apos;peerchat --headless&apos;</source>
        <translation>das Fenstermodul peerchat-gui.so liegt weder neben %1 noch in %2; kopieren Sie es dorthin oder starten Sie &apos;peerchat --headless&apos;</translation>
    </message>
    <message>
        <source>cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use &apos;peerchat --headless&apos; for the console peer</source>
        <translation>Fenster kann nicht geöffnet werden (%1%2): starten Sie peerchat in einer Desktop-Sitzung, wählen Sie auf einem Gerät eine Plattform (-platform eglfs, linuxfb oder vnc, oder QT_QPA_PLATFORM) oder nutzen Sie &apos;peerchat --headless&apos; für den Konsolen-Teilnehmer</translation>
    </message>
    <message>
        <source>On joining, show up to N earlier messages the channel still holds (default 100; 0: none).</source>
        <translation>Beim Beitreten bis zu N frühere Nachrichten zeigen, die der Kanal noch hält (Standard 100; 0: keine).</translation>
    </message>
    <message>
        <source>--history needs a number of messages from 0 to %1, not &apos;%2&apos;</source>
        <translation>--history braucht eine Anzahl Nachrichten von 0 bis %1, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>With --headless: accept every file offered and save it into DIR (without it, offers are shown and ignored). Send a file with a line &quot;/send PATH&quot;; &quot;/cancel [ID]&quot; stops sending or receiving; a line that starts with &quot;//&quot; is sent with one &quot;/&quot; less.</source>
        <translation>Mit --headless: jede angebotene Datei annehmen und in DIR speichern (ohne diese Option werden Angebote nur angezeigt). Eine Datei senden Sie mit der Zeile &quot;/send PFAD&quot;; &quot;/cancel [ID]&quot; bricht Senden oder Empfangen ab; eine Zeile, die mit &quot;//&quot; beginnt, wird mit einem &quot;/&quot; weniger gesendet.</translation>
    </message>
    <message>
        <source>--save-files needs a folder you can write to, not &apos;%1&apos;</source>
        <translation>--save-files braucht einen Ordner, in den Sie schreiben dürfen, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot send %1: %2</source>
        <translation>%1 kann nicht gesendet werden: %2</translation>
    </message>
    <message>
        <source>no file transfer %1 is going on</source>
        <translation>keine Dateiübertragung %1 läuft</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>You cancelled it</source>
        <translation>Sie haben abgebrochen</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>Abgebrochen von %1</translation>
    </message>
    <message>
        <source>%1 accepted</source>
        <translation>%1 hat angenommen</translation>
    </message>
    <message>
        <source>%1 saved it</source>
        <translation>%1 hat gespeichert</translation>
    </message>
    <message>
        <source>failed for %1: %2</source>
        <translation>bei %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the clipboard holds no picture</source>
        <translation>die Zwischenablage enthält kein Bild</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>Eingefügtes Bild %1.png</translation>
    </message>
    <message>
        <source>cannot write the picture to %1</source>
        <translation>das Bild kann nicht nach %1 geschrieben werden</translation>
    </message>
    <message>
        <source>cannot make the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot save the file: %1</source>
        <translation>Die Datei kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 hat abgebrochen</translation>
    </message>
    <message>
        <source>%1 declined</source>
        <translation>%1 hat abgelehnt</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Picture %1</source>
        <translation>Bild %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove this file from the list</source>
        <translation>Diese Datei aus der Liste entfernen</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 bietet %2 an</translation>
    </message>
    <message>
        <source>You offer %1</source>
        <translation>Sie bieten %1 an</translation>
    </message>
    <message>
        <source>waiting for someone to accept</source>
        <translation>wartet auf Annahme</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>%1 wird gesendet</translation>
    </message>
    <message>
        <source>Receiving %1 from %2</source>
        <translation>%1 von %2 wird empfangen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Gespeichert als %1</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>%1 gesendet</translation>
    </message>
    <message>
        <source>You offered %1</source>
        <translation>Sie haben %1 angeboten</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>cannot save into %1: %2</source>
        <translation>in %1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>%1 has too many receivers already</source>
        <translation>%1 hat schon zu viele Empfänger</translation>
    </message>
    <message>
        <source>%1 started before this peer accepted it</source>
        <translation>%1 hat begonnen, bevor dieser Teilnehmer es angenommen hat</translation>
    </message>
    <message>
        <source>%1: the transfer&apos;s shared memory is damaged</source>
        <translation>%1: der gemeinsame Speicher der Übertragung ist beschädigt</translation>
    </message>
    <message>
        <source>%1: a block failed its check (at byte %2)</source>
        <translation>%1: ein Block hat die Prüfung nicht bestanden (bei Byte %2)</translation>
    </message>
    <message>
        <source>disk full: %1 not saved</source>
        <translation>Datenträger voll: %1 nicht gespeichert</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 failed its SHA-256 check: not saved</source>
        <translation>%1 hat die SHA-256-Prüfung nicht bestanden: nicht gespeichert</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>too slow: %1 failed for this peer (the others went on)</source>
        <translation>zu langsam: %1 ist für diesen Teilnehmer fehlgeschlagen (die anderen machten weiter)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2</source>
        <translation>%1 ist bei %2 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 is gone: %2 not saved</source>
        <translation>%1 ist weg: %2 nicht gespeichert</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine gewöhnliche Datei</translation>
    </message>
    <message>
        <source>not on a channel</source>
        <translation>in keinem Kanal</translation>
    </message>
    <message>
        <source>no offer %1</source>
        <translation>kein Angebot %1</translation>
    </message>
    <message>
        <source>%1 is no longer offered (%2)</source>
        <translation>%1 wird nicht mehr angeboten (%2)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2: %3</source>
        <translation>%1 ist bei %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>%1 left: %2 not saved</source>
        <translation>%1 ist gegangen: %2 nicht gespeichert</translation>
    </message>
    <message>
        <source>%1 left: the offer of %2 ended</source>
        <translation>%1 ist gegangen: das Angebot von %2 ist beendet</translation>
    </message>
</context>
<context>
    <name>MessageBus</name>
    <message>
        <source>the name is not valid text</source>
        <translation>der Name ist kein gültiger Text</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>der Name ist leer</translation>
    </message>
    <message>
        <source>the name is %1 characters long; the limit is %2</source>
        <translation>der Name ist %1 Zeichen lang; die Grenze liegt bei %2</translation>
    </message>
    <message>
        <source>the name contains control characters</source>
        <translation>der Name enthält Steuerzeichen</translation>
    </message>
    <message>
        <source>the name contains text-direction controls</source>
        <translation>der Name enthält Steuerzeichen für die Schreibrichtung</translation>
    </message>
    <message>
        <source>Already joined channel &quot;%1&quot;</source>
        <translation>Bereits dem Kanal „%1“ beigetreten</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>„%1“ ist kein gültiger Kanalname: verwenden Sie 1 bis 64 Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos;</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as a peer name: %2</source>
        <translation>„%1“ kann nicht als Teilnehmername verwendet werden: %2</translation>
    </message>
    <message>
        <source>Cannot use the runtime directory: %1</source>
        <translation>Das Laufzeitverzeichnis kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is busy: process %2 is joining or leaving it and does not finish (is it frozen?); try again, or stop that process</source>
        <translation>Kanal „%1“ ist belegt: Prozess %2 tritt bei oder verlässt ihn und wird nicht fertig (hängt er?); versuchen Sie es erneut oder beenden Sie diesen Prozess</translation>
    </message>
    <message>
        <source>Cannot lock channel &quot;%1&quot;: %2</source>
        <translation>Kanal „%1“ kann nicht gesperrt werden: %2</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is full: %2 peers</source>
        <translation>Kanal „%1“ ist voll: %2 Teilnehmer</translation>
    </message>
    <message>
        <source>Cannot create the wake-up semaphore for channel &quot;%1&quot;: %2</source>
        <translation>Das Weck-Semaphor für Kanal „%1“ kann nicht erzeugt werden: %2</translation>
    </message>
    <message>
        <source>Stopped receiving on channel &quot;%1&quot;: %2</source>
        <translation>Empfang im Kanal „%1“ beendet: %2</translation>
    </message>
    <message>
        <source>The message is not valid text (it has a lone surrogate)</source>
        <translation>Die Nachricht ist kein gültiger Text (sie enthält ein einzelnes Surrogat)</translation>
    </message>
    <message>
        <source>The message is not valid UTF-8; nothing was sent</source>
        <translation>Die Nachricht ist kein gültiges UTF-8; nichts wurde gesendet</translation>
    </message>
    <message>
        <source>Cannot send: not joined to channel &quot;%1&quot;</source>
        <translation>Senden nicht möglich: nicht dem Kanal „%1“ beigetreten</translation>
    </message>
    <message>
        <source>The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent</source>
        <translation>Die Nachricht ist %1 Bytes lang; die Grenze liegt bei %2 Bytes (64 KiB); nichts wurde gesendet</translation>
    </message>
    <message>
        <source>Channel %1 is damaged: %2</source>
        <translation>Kanal %1 ist beschädigt: %2</translation>
    </message>
    <message>
        <source>the name is over %1 bytes long</source>
        <translation>der Name ist länger als %1 Bytes</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;: %2</source>
        <translation>Kann Kanal &quot;%1&quot; nicht beitreten: %2</translation>
    </message>
    <message>
        <source>ring cells held bytes that no peer writes; they were freed again</source>
        <translation>Ring-Zellen enthielten Bytes, die kein Teilnehmer schreibt; sie wurden wieder freigegeben</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid UTF-8; nothing was sent</source>
        <translation>Nachricht %1 von %2 ist kein gültiges UTF-8; nichts wurde gesendet</translation>
    </message>
    <message>
        <source>Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent</source>
        <translation>Nachricht %1 von %2 ist %3 Bytes lang; die Grenze liegt bei %4 Bytes (64 KiB); nichts wurde gesendet</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent</source>
        <translation>Nachricht %1 von %2 ist kein gültiger Text (sie enthält ein einzelnes Surrogat); nichts wurde gesendet</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binär, %1 Bytes, Typ %2</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 ist beigetreten</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 ist gegangen</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>%n Nachricht verpasst</numerusform>
            <numerusform>%n Nachrichten verpasst</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 um %2: %3</translation>
    </message>
    <message>
        <source>You joined here</source>
        <translation>Hier sind Sie beigetreten</translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>Hier sind Sie beigetreten; %n frühere Nachricht ließ sich nicht wiederherstellen</numerusform>
            <numerusform>Hier sind Sie beigetreten; %n frühere Nachrichten ließen sich nicht wiederherstellen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2, before you joined: %3</source>
        <translation>%1 um %2, vor Ihrem Beitritt: %3</translation>
    </message>
</context>
<context>
    <name>PeerListWidget</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (du)</translation>
    </message>
    <message>
        <source>%1, process %2</source>
        <translation>%1, Prozess %2</translation>
    </message>
</context>
</TS>
