<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ChannelDirectory</name>
    <message>
        <source>no segment (nobody has joined since the last peer left)</source>
        <translation>aucun segment (personne n’a rejoint depuis le départ du dernier participant)</translation>
    </message>
    <message>
        <source>made by another peerchat (layout version %1; this one uses %2)</source>
        <translation>créé par un autre peerchat (version de disposition %1 ; celui-ci utilise %2)</translation>
    </message>
    <message>
        <source>its key is used by channel &quot;%1&quot;</source>
        <translation>sa clé est utilisée par le canal « %1 »</translation>
    </message>
    <message>
        <source>damaged: its header fails the checks</source>
        <translation>endommagé : son en-tête ne passe pas les vérifications</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is busy: a peer is joining or leaving it right now</source>
        <translation>le canal « %1 » est occupé : un participant le rejoint ou le quitte en ce moment</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; still has live peers: %2; they must leave first</source>
        <translation>le canal « %1 » a encore des participants actifs : %2 ; ils doivent d’abord le quitter</translation>
    </message>
    <message>
        <source>cannot remove the segment of channel &quot;%1&quot;</source>
        <translation>impossible de supprimer le segment du canal « %1 »</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; had no segment; its files were removed</source>
        <translation>le canal « %1 » n’avait pas de segment ; ses fichiers ont été supprimés</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binaire, %1 octets, type %2</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Discussion</translation>
    </message>
    <message>
        <source>Change &amp;Name…</source>
        <translation>Changer de &amp;nom…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>&amp;Copier le message</translation>
    </message>
    <message>
        <source>C&amp;lear View</source>
        <translation>&amp;Effacer l’affichage</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>Langue du &amp;système</translation>
    </message>
    <message>
        <source>Desktop &amp;Notifications</source>
        <translation>&amp;Notifications du bureau</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About peerchat</source>
        <translation>&amp;À propos de peerchat</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the message (Enter); Shift+Enter adds a line break</source>
        <translation>Envoyer le message (Entrée) ; Maj+Entrée insère un saut de ligne</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Write a message. Enter sends it, Shift+Enter starts a new line.</source>
        <translation>Écrivez un message. Entrée l’envoie, Maj+Entrée commence une nouvelle ligne.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Enter sends the message; Shift+Enter starts a new line</source>
        <translation>Entrée envoie le message ; Maj+Entrée commence une nouvelle ligne</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>The conversation on channel %1</source>
        <translation>La conversation sur le canal %1</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>&amp;Participants</translation>
    </message>
    <message>
        <source>People on this channel</source>
        <translation>Participants sur ce canal</translation>
    </message>
    <message>
        <source>Why the message was not sent</source>
        <translation>Pourquoi le message n’a pas été envoyé</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>Nombre de participants</translation>
    </message>
    <message>
        <source>Channel error</source>
        <translation>Erreur du canal</translation>
    </message>
    <message>
        <source>%1 on %2 — peerchat</source>
        <translation>%1 sur %2 — peerchat</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>(%n nouveau) %1</numerusform>
            <numerusform>(%n nouveaux) %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>Canal : %1</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Vous : %1</translation>
    </message>
    <message>
        <source>You: not joined</source>
        <translation>Vous : pas connecté</translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>%n message ancien retiré de l’affichage</numerusform>
            <numerusform>%n messages anciens retirés de l’affichage</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
    <message>
        <source>This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and press Enter again.</source>
        <translation>Ce message fait %1 octets ; au plus %2 octets peuvent être envoyés. Raccourcissez-le et appuyez de nouveau sur Entrée.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Non envoyé : %1</translation>
    </message>
    <message>
        <source>Change Name</source>
        <translation>Changer de nom</translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>Votre nom sur le canal %1 (au plus %n caractère) :</numerusform>
            <numerusform>Votre nom sur le canal %1 (au plus %n caractères) :</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as your name: %2</source>
        <translation>Impossible d’utiliser « %1 » comme nom : %2</translation>
    </message>
    <message>
        <source>Could not change the name: %1</source>
        <translation>Impossible de changer de nom : %1</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>Message copié</translation>
    </message>
    <message>
        <source>About peerchat</source>
        <translation>À propos de peerchat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;A chat between processes on one machine, through shared memory.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;peerchat %1&lt;/h3&gt;&lt;p&gt;Une discussion entre processus d’une même machine, via la mémoire partagée.&lt;/p&gt;&lt;p&gt;Compilé avec Qt %2, exécuté avec Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This desktop shows no notifications; new messages are counted in the title</source>
        <translation>Ce bureau n’affiche pas de notifications ; les nouveaux messages sont comptés dans le titre</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>%n participant en ligne</numerusform>
            <numerusform>%n participants en ligne</numerusform>
        </translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>Écrire un message</translation>
    </message>
    <message>
        <source>&amp;Earlier Messages on Joining</source>
        <translation>Messages &amp;antérieurs à l’arrivée</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>&amp;Aucun</translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>Le dernier message</numerusform>
            <numerusform>Les %n derniers messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier messages are shown the next time peerchat joins a channel</source>
        <translation>Les messages antérieurs s’afficheront la prochaine fois que peerchat rejoindra un canal</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>Envoyer un &amp;fichier…</translation>
    </message>
    <message>
        <source>Folder for &amp;Received Files…</source>
        <translation>Dossier des fichiers &amp;reçus…</translation>
    </message>
    <message>
        <source>Cannot send %1: %2</source>
        <translation>Impossible d’envoyer %1 : %2</translation>
    </message>
    <message>
        <source>Cannot send the picture: %1</source>
        <translation>Impossible d’envoyer l’image : %1</translation>
    </message>
    <message>
        <source>Send Files to Channel %1</source>
        <translation>Envoyer des fichiers au canal %1</translation>
    </message>
    <message>
        <source>Folder for Received Files</source>
        <translation>Dossier des fichiers reçus</translation>
    </message>
    <message>
        <source>Received files are saved in %1</source>
        <translation>Les fichiers reçus sont enregistrés dans %1</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Enter text to send to peer(s)</source>
        <translation>Saisissez du texte à envoyer aux participants</translation>
    </message>
    <message>
        <source>line %1 not sent: %2</source>
        <translation>ligne %1 non envoyée : %2</translation>
    </message>
    <message>
        <source>line %1 not sent: it is %2 bytes long; the limit is %3 bytes</source>
        <translation>ligne %1 non envoyée : elle fait %2 octets ; la limite est de %3 octets</translation>
    </message>
    <message>
        <source>cannot start demo window %1 of %2</source>
        <translation>impossible de lancer la fenêtre de démonstration %1 sur %2</translation>
    </message>
    <message>
        <source>Internal: place this window as number I of N.</source>
        <translation>Interne : placer cette fenêtre en position I sur N.</translation>
    </message>
    <message>
        <source>--demo-slot needs I/N with 0 &lt;= I &lt; N &lt;= 8, not &apos;%1&apos;</source>
        <translation>--demo-slot attend I/N avec 0 &lt;= I &lt; N &lt;= 8, et non « %1 »</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;.

%2</source>
        <translation>Impossible de rejoindre le canal « %1 ».

%2</translation>
    </message>
    <message>
        <source>A chat between processes on one machine, through shared memory.</source>
        <translation>Une discussion entre processus d’une même machine, via la mémoire partagée.</translation>
    </message>
    <message>
        <source>Run as a console peer: stdin lines are sent, messages printed.</source>
        <translation>Fonctionner comme participant en console : les lignes de l’entrée standard sont envoyées, les messages affichés.</translation>
    </message>
    <message>
        <source>The channel to join (letters, digits, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;; default: general).</source>
        <translation>Le canal à rejoindre (lettres, chiffres, &apos;.&apos;, &apos;_&apos;, &apos;-&apos; ; par défaut : general).</translation>
    </message>
    <message>
        <source>Your name on the channel (default: your login name).</source>
        <translation>Votre nom sur le canal (par défaut : votre nom de connexion).</translation>
    </message>
    <message>
        <source>With --headless: print one JSON object per event.</source>
        <translation>Avec --headless : afficher un objet JSON par événement.</translation>
    </message>
    <message>
        <source>With --headless: before leaving, wait until N messages were received.</source>
        <translation>Avec --headless : avant de partir, attendre la réception de N messages.</translation>
    </message>
    <message>
        <source>Start N chat windows (2 to 8) as separate processes, side by side.</source>
        <translation>Lancer N fenêtres de discussion (2 à 8) comme processus séparés, côte à côte.</translation>
    </message>
    <message>
        <source>Full-screen window for a small touch screen.</source>
        <translation>Fenêtre plein écran pour un petit écran tactile.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>argument inattendu « %1 »</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>« %1 » n’est pas un nom de canal valide : utilisez 1 à 64 lettres, chiffres, &apos;.&apos;, &apos;_&apos; ou &apos;-&apos;</translation>
    </message>
    <message>
        <source>cannot use &apos;%1&apos; as a name: %2</source>
        <translation>impossible d’utiliser « %1 » comme nom : %2</translation>
    </message>
    <message>
        <source>--receive needs a number of messages, not &apos;%1&apos;</source>
        <translation>--receive attend un nombre de messages, et non « %1 »</translation>
    </message>
    <message>
        <source>--demo needs a number of windows from 2 to 8, not &apos;%1&apos;</source>
        <translation>--demo attend un nombre de fenêtres de 2 à 8, et non « %1 »</translation>
    </message>
    <message>
        <source>List your channels: peers (alive, frozen or gone), messages, health.</source>
        <translation>Lister vos canaux : participants (actifs, figés ou disparus), messages, état.</translation>
    </message>
    <message>
        <source>Remove a channel&apos;s shared memory and semaphores when no live peer is on it.</source>
        <translation>Supprimer la mémoire partagée et les sémaphores d’un canal quand aucun participant actif n’y est.</translation>
    </message>
    <message>
        <source>no screen to show the window on (platform %1); check QT_QPA_PLATFORM and the device it uses</source>
        <translation>aucun écran où afficher la fenêtre (plateforme %1) ; vérifiez QT_QPA_PLATFORM et le périphérique qu’elle utilise</translation>
    </message>
    <message>
        <source>the window cannot open in this mode</source>
        <translation>la fenêtre ne peut pas s’ouvrir dans ce mode</translation>
    </message>
    <message>
        <source>%1 is version %2, not %3</source>
        <translation>%1 est en version %2, pas %3</translation>
    </message>
    <message>
        <source>cannot load the window module: %1</source>
        <translation>impossible de charger le module de fenêtre : %1</translation>
    </message>
    <message>
        <source>the window module peerchat-gui.so is neither next to %1 nor in %2; copy it there, or run &apos;peerchat --headless&apos;</source>
        <translation>le module de fenêtre peerchat-gui.so n’est ni à côté de %1 ni dans %2 ; copiez-le là, ou lancez &apos;peerchat --headless&apos;</translation>
    </message>
    <message>
        <source>cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use &apos;peerchat --headless&apos; for the console peer</source>
        <translation>impossible d&apos;ouvrir une fenêtre (%1%2) : lancez peerchat dans une session de bureau, choisissez une plateforme sur un appareil (-platform eglfs, linuxfb ou vnc, ou QT_QPA_PLATFORM), ou utilisez &apos;peerchat --headless&apos; pour le pair en console</translation>
    </message>
    <message>
        <source>On joining, show up to N earlier messages the channel still holds (default 100; 0: none).</source>
        <translation>En rejoignant, afficher jusqu’à N messages antérieurs que le canal conserve encore (100 par défaut ; 0 : aucun).</translation>
    </message>
    <message>
        <source>--history needs a number of messages from 0 to %1, not &apos;%2&apos;</source>
        <translation>--history attend un nombre de messages de 0 à %1, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <source>With --headless: accept every file offered and save it into DIR (without it, offers are shown and ignored). Send a file with a line &quot;/send PATH&quot;; &quot;/cancel [ID]&quot; stops sending or receiving; a line that starts with &quot;//&quot; is sent with one &quot;/&quot; less.</source>
        <translation>Avec --headless : accepter chaque fichier proposé et l&apos;enregistrer dans DIR (sans cette option, les offres sont affichées et ignorées). Envoyez un fichier avec une ligne &quot;/send CHEMIN&quot; ; &quot;/cancel [ID]&quot; arrête un envoi ou une réception ; une ligne qui commence par &quot;//&quot; est envoyée avec un &quot;/&quot; de moins.</translation>
    </message>
    <message>
        <source>--save-files needs a folder you can write to, not &apos;%1&apos;</source>
        <translation>--save-files attend un dossier où vous pouvez écrire, pas &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot send %1: %2</source>
        <translation>impossible d&apos;envoyer %1 : %2</translation>
    </message>
    <message>
        <source>no file transfer %1 is going on</source>
        <translation>aucun transfert de fichier %1 en cours</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>You cancelled it</source>
        <translation>Vous avez annulé</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>Annulé par %1</translation>
    </message>
    <message>
        <source>%1 accepted</source>
        <translation>%1 a accepté</translation>
    </message>
    <message>
        <source>%1 saved it</source>
        <translation>%1 l’a enregistré</translation>
    </message>
    <message>
        <source>failed for %1: %2</source>
        <translation>échec chez %1 : %2</translation>
    </message>
    <message>
        <source>the clipboard holds no picture</source>
        <translation>le presse-papiers ne contient pas d’image</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>Image collée %1.png</translation>
    </message>
    <message>
        <source>cannot write the picture to %1</source>
        <translation>impossible d’écrire l’image dans %1</translation>
    </message>
    <message>
        <source>cannot make the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>Cannot save the file: %1</source>
        <translation>Impossible d’enregistrer le fichier : %1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 a annulé</translation>
    </message>
    <message>
        <source>%1 declined</source>
        <translation>%1 a refusé</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Picture %1</source>
        <translation>Image %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Afficher dans le dossier</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Remove this file from the list</source>
        <translation>Retirer ce fichier de la liste</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 propose %2</translation>
    </message>
    <message>
        <source>You offer %1</source>
        <translation>Vous proposez %1</translation>
    </message>
    <message>
        <source>waiting for someone to accept</source>
        <translation>en attente d’une acceptation</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>Envoi de %1</translation>
    </message>
    <message>
        <source>Receiving %1 from %2</source>
        <translation>Réception de %1 de %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 restant</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Enregistré sous %1</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>%1 envoyé</translation>
    </message>
    <message>
        <source>You offered %1</source>
        <translation>Vous avez proposé %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>cannot save into %1: %2</source>
        <translation>impossible d&apos;enregistrer dans %1 : %2</translation>
    </message>
    <message>
        <source>%1 has too many receivers already</source>
        <translation>%1 a déjà trop de destinataires</translation>
    </message>
    <message>
        <source>%1 started before this peer accepted it</source>
        <translation>%1 a commencé avant que ce pair ne l&apos;accepte</translation>
    </message>
    <message>
        <source>%1: the transfer&apos;s shared memory is damaged</source>
        <translation>%1 : la mémoire partagée du transfert est endommagée</translation>
    </message>
    <message>
        <source>%1: a block failed its check (at byte %2)</source>
        <translation>%1 : un bloc a échoué à la vérification (à l&apos;octet %2)</translation>
    </message>
    <message>
        <source>disk full: %1 not saved</source>
        <translation>disque plein : %1 non enregistré</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>%1 failed its SHA-256 check: not saved</source>
        <translation>%1 a échoué à la vérification SHA-256 : non enregistré</translation>
    </message>
    <message>
        <source>cannot save %1: %2</source>
        <translation>impossible d&apos;enregistrer %1 : %2</translation>
    </message>
    <message>
        <source>too slow: %1 failed for this peer (the others went on)</source>
        <translation>trop lent : %1 a échoué pour ce pair (les autres ont continué)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2</source>
        <translation>%1 a échoué du côté de %2</translation>
    </message>
    <message>
        <source>%1 is gone: %2 not saved</source>
        <translation>%1 est parti : %2 non enregistré</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>not on a channel</source>
        <translation>sur aucun canal</translation>
    </message>
    <message>
        <source>no offer %1</source>
        <translation>aucune offre %1</translation>
    </message>
    <message>
        <source>%1 is no longer offered (%2)</source>
        <translation>%1 n&apos;est plus proposé (%2)</translation>
    </message>
    <message>
        <source>%1 failed on the side of %2: %3</source>
        <translation>%1 a échoué du côté de %2 : %3</translation>
    </message>
    <message>
        <source>%1 left: %2 not saved</source>
        <translation>%1 est parti : %2 non enregistré</translation>
    </message>
    <message>
        <source>%1 left: the offer of %2 ended</source>
        <translation>%1 est parti : l’offre de %2 a pris fin</translation>
    </message>
</context>
<context>
    <name>MessageBus</name>
    <message>
        <source>the name is not valid text</source>
        <translation>le nom n’est pas un texte valide</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>le nom est vide</translation>
    </message>
    <message>
        <source>the name is %1 characters long; the limit is %2</source>
        <translation>le nom fait %1 caractères ; la limite est de %2</translation>
    </message>
    <message>
        <source>the name contains control characters</source>
        <translation>le nom contient des caractères de contrôle</translation>
    </message>
    <message>
        <source>the name contains text-direction controls</source>
        <translation>le nom contient des caractères de contrôle de direction du texte</translation>
    </message>
    <message>
        <source>Already joined channel &quot;%1&quot;</source>
        <translation>Canal « %1 » déjà rejoint</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid channel name: use 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>« %1 » n’est pas un nom de canal valide : utilisez 1 à 64 lettres, chiffres, &apos;.&apos;, &apos;_&apos; ou &apos;-&apos;</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot; as a peer name: %2</source>
        <translation>Impossible d’utiliser « %1 » comme nom de participant : %2</translation>
    </message>
    <message>
        <source>Cannot use the runtime directory: %1</source>
        <translation>Impossible d’utiliser le répertoire d’exécution : %1</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is busy: process %2 is joining or leaving it and does not finish (is it frozen?); try again, or stop that process</source>
        <translation>Le canal « %1 » est occupé : le processus %2 le rejoint ou le quitte sans terminer (est-il figé ?) ; réessayez ou arrêtez ce processus</translation>
    </message>
    <message>
        <source>Cannot lock channel &quot;%1&quot;: %2</source>
        <translation>Impossible de verrouiller le canal « %1 » : %2</translation>
    </message>
    <message>
        <source>Channel &quot;%1&quot; is full: %2 peers</source>
        <translation>Le canal « %1 » est plein : %2 participants</translation>
    </message>
    <message>
        <source>Cannot create the wake-up semaphore for channel &quot;%1&quot;: %2</source>
        <translation>Impossible de créer le sémaphore de réveil du canal « %1 » : %2</translation>
    </message>
    <message>
        <source>Stopped receiving on channel &quot;%1&quot;: %2</source>
        <translation>Réception arrêtée sur le canal « %1 » : %2</translation>
    </message>
    <message>
        <source>The message is not valid text (it has a lone surrogate)</source>
        <translation>Le message n’est pas un texte valide (il contient un demi-codet isolé)</translation>
    </message>
    <message>
        <source>The message is not valid UTF-8; nothing was sent</source>
        <translation>Le message n’est pas de l’UTF-8 valide ; rien n’a été envoyé</translation>
    </message>
    <message>
        <source>Cannot send: not joined to channel &quot;%1&quot;</source>
        <translation>Envoi impossible : canal « %1 » non rejoint</translation>
    </message>
    <message>
        <source>The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent</source>
        <translation>Le message fait %1 octets ; la limite est de %2 octets (64 Kio) ; rien n’a été envoyé</translation>
    </message>
    <message>
        <source>Channel %1 is damaged: %2</source>
        <translation>Le canal %1 est endommagé : %2</translation>
    </message>
    <message>
        <source>the name is over %1 bytes long</source>
        <translation>le nom dépasse %1 octets</translation>
    </message>
    <message>
        <source>Cannot join channel &quot;%1&quot;: %2</source>
        <translation>Impossible de rejoindre le canal « %1 » : %2</translation>
    </message>
    <message>
        <source>ring cells held bytes that no peer writes; they were freed again</source>
        <translation>des cellules de l’anneau contenaient des octets qu’aucun pair n’écrit ; elles ont été libérées</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid UTF-8; nothing was sent</source>
        <translation>Le message %1 sur %2 n’est pas de l’UTF-8 valide ; rien n’a été envoyé</translation>
    </message>
    <message>
        <source>Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent</source>
        <translation>Le message %1 sur %2 fait %3 octets ; la limite est de %4 octets (64 Kio) ; rien n’a été envoyé</translation>
    </message>
    <message>
        <source>Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent</source>
        <translation>Le message %1 sur %2 n’est pas un texte valide (il contient un demi-codet isolé) ; rien n’a été envoyé</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binaire, %1 octets, type %2</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 a rejoint le canal</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 est parti</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>%n message manqué</numerusform>
            <numerusform>%n messages manqués</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 à %2 : %3</translation>
    </message>
    <message>
        <source>You joined here</source>
        <translation>Vous êtes arrivé ici</translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>Vous êtes arrivé ici ; %n message antérieur n’a pas pu être récupéré</numerusform>
            <numerusform>Vous êtes arrivé ici ; %n messages antérieurs n’ont pas pu être récupérés</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2, before you joined: %3</source>
        <translation>%1 à %2, avant votre arrivée : %3</translation>
    </message>
</context>
<context>
    <name>PeerListWidget</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (vous)</translation>
    </message>
    <message>
        <source>%1, process %2</source>
        <translation>%1, processus %2</translation>
    </message>
</context>
</TS>
