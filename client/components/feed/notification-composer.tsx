import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { LoadFailed } from '../load-failed';
import { clients, clientsFailed, loadClients } from '../../state/clients';
import { useAppState } from '../../state/app-state';
import { me } from '../../state/session';
import { fullName } from '../../format';
import { isSafeLink } from '../../../src/notifications/link';
import {
  NOTIFICATION_BODY_MAX_CHARS,
  NOTIFICATION_TITLE_MAX_CHARS,
} from '../../../src/notifications/limits';
import { ComposerFooter, useComposerSubmit, type ComposerErrors } from './composer-form';
import { Counter, InputField, SelectField, TextAreaField } from './form-fields';
import { KINDS, KindIcon, type Kind } from './kinds';
import { describeWhen, FIRST_NAME, fillTemplate, PLACEHOLDER, whenText } from './templates';

const FIELDS = ['recipientId', 'kind', 'date', 'time', 'title', 'body', 'link'] as const;

const PLACEHOLDER_LEFT = `Complétez les « ${PLACEHOLDER} » du modèle avant d’envoyer.`;

const FORBIDDEN = 'Ce client n’est pas dans votre portefeuille.';

/**
 * Staff: a personalised notification to one client. Picking the client or the kind
 * fills in that kind's template with the client's first name; a title or message
 * the advisor has typed in is kept (only its {prénom} gets filled). An appointment
 * has real date and time fields that word « le … à … ». Nothing is sent while a
 * « … » of the template remains, and after a send the form starts over empty of
 * recipient, so the same notification is not sent twice by accident.
 */
export function NotificationComposer() {
  const { sendNotification } = useAppState().notifications;
  useEffect(() => {
    if (!clients.value) void loadClients();
  }, []);
  const staff = me.value!;
  const signature = `${fullName(staff)}, AVENIR`;
  const [recipientId, setRecipientId] = useState('');
  const [kind, setKind] = useState<Kind>('appointment');
  const [text, setText] = useState(() => fillTemplate('appointment', undefined, signature));
  // Each part follows the template until the advisor types in it.
  const [edited, setEdited] = useState({ title: false, body: false });
  const [link, setLink] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const { errors, sending, done, clearErrors, submit } = useComposerSubmit(FIELDS);
  const list = clients.value;
  const client = list?.find((c) => String(c.id) === recipientId);

  function choose(nextRecipient: string, nextKind: Kind, when = describeWhen(date, time)) {
    const who = list?.find((c) => String(c.id) === nextRecipient);
    setRecipientId(nextRecipient);
    setKind(nextKind);
    clearErrors('recipientId', 'kind');
    const fresh = fillTemplate(nextKind, who?.firstName, signature, when);
    const named = (v: string) => (who ? v.replaceAll(FIRST_NAME, who.firstName) : v);
    setText((t) => ({
      title: edited.title ? named(t.title) : fresh.title,
      body: edited.body ? named(t.body) : fresh.body,
    }));
  }

  /** A new date or time: the template's « le … à … » follows, even in an edited message. */
  function setWhen(nextDate: string, nextTime: string) {
    setDate(nextDate);
    setTime(nextTime);
    clearErrors('date', 'time', 'body');
    const before = whenText(describeWhen(date, time));
    const after = whenText(describeWhen(nextDate, nextTime));
    if (edited.body) setText((t) => ({ ...t, body: t.body.replace(before, after) }));
    else choose(recipientId, kind, describeWhen(nextDate, nextTime));
  }

  function edit(part: 'title' | 'body', value: string) {
    setText((t) => ({ ...t, [part]: value }));
    setEdited((x) => ({ ...x, [part]: true }));
    clearErrors(part);
  }

  function sendDraft(e: Event) {
    return submit(e, {
      check: () => {
        const local: ComposerErrors<(typeof FIELDS)[number]> = {};
        if (!client) local.recipientId = 'Choisissez un client.';
        if (!text.title.trim()) local.title = 'Titre requis.';
        else if (text.title.includes(PLACEHOLDER)) local.title = PLACEHOLDER_LEFT;
        if (!text.body.trim()) local.body = 'Message requis.';
        else if (client && text.body.includes(FIRST_NAME))
          local.body = `Remplacez ${FIRST_NAME} par le prénom du client.`;
        else if (text.body.includes(PLACEHOLDER)) local.body = PLACEHOLDER_LEFT;
        if (link.trim() && !isSafeLink(link.trim(), location.origin))
          local.link = 'Ce lien n’est pas accepté.';
        return local;
      },
      send: async () => {
        await sendNotification({
          recipientId: client!.id,
          kind,
          title: text.title,
          body: text.body,
          link: link.trim() || null,
        });
        // Start over without a recipient: refilling the same template would invite a double send.
        setRecipientId('');
        setDate('');
        setTime('');
        setText(fillTemplate(kind, undefined, signature));
        setEdited({ title: false, body: false });
        setLink('');
        return `Notification envoyée à ${fullName(client!)}.`;
      },
      refused: (err) =>
        err instanceof ApiError && err.status === 403
          ? { recipientId: FORBIDDEN }
          : err instanceof ApiError && err.status === 404
            ? { recipientId: 'Client introuvable.' }
            : undefined,
      failed: 'L’envoi a échoué.',
    });
  }

  return (
    <form
      class="panel feed-composer"
      data-testid="notification-composer"
      aria-labelledby="notif-composer-title"
      noValidate
      onSubmit={sendDraft}
    >
      <h2 id="notif-composer-title" class="panel__title">
        Envoyer une notification
      </h2>
      <p class="muted feed-composer__intro">
        {staff.role === 'director'
          ? 'À n’importe quel client de la banque.'
          : 'À l’un de vos clients.'}{' '}
        Elle s’affiche en direct dans son espace et sur son appareil s’il a activé les
        notifications.
      </p>
      <div class="row">
        <SelectField
          label="Client"
          name="recipientId"
          value={recipientId}
          required
          error={errors.recipientId}
          disabled={!list}
          onChange={(e) => choose(e.currentTarget.value, kind)}
        >
          <option value="">
            {list
              ? 'Choisir un client…'
              : clientsFailed.value
                ? 'Liste indisponible'
                : 'Chargement…'}
          </option>
          {list?.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {fullName(c)} — {c.email}
            </option>
          ))}
        </SelectField>
        <div class="feed-composer__kind">
          <SelectField
            label="Type"
            name="kind"
            value={kind}
            error={errors.kind}
            onChange={(e) => choose(recipientId, e.currentTarget.value as Kind)}
          >
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </SelectField>
          <KindIcon kind={kind} decorative />
        </div>
      </div>
      {clientsFailed.value && !list && (
        <LoadFailed onRetry={loadClients}>La liste des clients n’a pas pu être chargée.</LoadFailed>
      )}
      {kind === 'appointment' && (
        <div class="row">
          <InputField
            label="Date du rendez-vous"
            name="date"
            type="date"
            value={date}
            error={errors.date}
            onInput={(e) => setWhen(e.currentTarget.value, time)}
          />
          <InputField
            label="Heure"
            name="time"
            type="time"
            value={time}
            step={300}
            error={errors.time}
            onInput={(e) => setWhen(date, e.currentTarget.value)}
          />
        </div>
      )}
      <InputField
        label="Titre"
        name="title"
        value={text.title}
        maxLength={NOTIFICATION_TITLE_MAX_CHARS}
        required
        autoComplete="off"
        error={errors.title}
        hint={<Counter value={text.title} max={NOTIFICATION_TITLE_MAX_CHARS} />}
        onInput={(e) => edit('title', e.currentTarget.value)}
      />
      <TextAreaField
        label="Message"
        name="body"
        rows={5}
        value={text.body}
        maxLength={NOTIFICATION_BODY_MAX_CHARS}
        required
        error={errors.body}
        hint={
          <>
            <Counter value={text.body} max={NOTIFICATION_BODY_MAX_CHARS} /> · Complétez les « … » du
            modèle.
          </>
        }
        onInput={(e) => edit('body', e.currentTarget.value)}
      />
      {(edited.title || edited.body) && (
        <p class="feed-composer__template">
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setText(fillTemplate(kind, client?.firstName, signature, describeWhen(date, time)));
              setEdited({ title: false, body: false });
            }}
          >
            Revenir au modèle « {KINDS.find((k) => k.id === kind)?.label} »
          </button>
        </p>
      )}
      <InputField
        label="Lien (facultatif)"
        name="link"
        type="text"
        inputMode="url"
        value={link}
        placeholder="/ ou https://…"
        autoComplete="off"
        error={errors.link}
        hint="Un chemin du site (/…) ou une adresse https."
        onInput={(e) => {
          setLink(e.currentTarget.value);
          clearErrors('link');
        }}
      />
      <ComposerFooter
        error={errors.form}
        sending={sending}
        label="Envoyer"
        busyLabel="Envoi…"
        done={done}
      />
    </form>
  );
}
