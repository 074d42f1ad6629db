<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatWindow</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binary, %1 bytes, type %2</translation>
    </message>
    <message numerus="yes">
        <source>(%n new) %1</source>
        <translation>
            <numerusform>(%n new) %1</numerusform>
            <numerusform>(%n new) %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n older message(s) removed from view</source>
        <translation>
            <numerusform>%n older message removed from view</numerusform>
            <numerusform>%n older messages removed from view</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your name on channel %1 (at most %n characters):</source>
        <translation>
            <numerusform>Your name on channel %1 (at most %n character):</numerusform>
            <numerusform>Your name on channel %1 (at most %n characters):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peer(s) online</source>
        <translation>
            <numerusform>%n peer online</numerusform>
            <numerusform>%n peers online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last %n message(s)</source>
        <translation>
            <numerusform>The last message</numerusform>
            <numerusform>The last %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>binary, %1 bytes, type %2</source>
        <translation>binary, %1 bytes, type %2</translation>
    </message>
    <message numerus="yes">
        <source>Missed %n message(s)</source>
        <translation>
            <numerusform>Missed %n message</numerusform>
            <numerusform>Missed %n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You joined here; %n earlier message(s) could not be recovered</source>
        <translation>
            <numerusform>You joined here; %n earlier message could not be recovered</numerusform>
            <numerusform>You joined here; %n earlier messages could not be recovered</numerusform>
        </translation>
    </message>
</context>
</TS>
