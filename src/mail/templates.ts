import type { Mail } from './mailer';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A name as it may appear in a mail: without control characters, line breaks or
 * bidi overrides (names are validated on the way in; this holds for older rows too).
 */
export const mailSafeName = (name: string) =>
  name.replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, '').trim();

const hello = (firstName: string) => `Bonjour ${mailSafeName(firstName)},`;

/** A French mail with a plain-text part and a simple HTML part around one call to action. */
function layout(
  kind: string,
  to: string,
  subject: string,
  paragraphs: string[],
  action?: { label: string; url: string },
): Mail {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label} : ${action.url}`] : []),
    '',
    "— L'équipe AVENIR",
  ].join('\n\n');
  const html = `<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#0f1f3d;max-width:560px">
<h1 style="font-size:20px;color:#0b3d91">AVENIR</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0b3d91;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="font-size:12px;color:#555">Ou copiez ce lien : ${escapeHtml(action.url)}</p>` : ''}
<p style="font-size:12px;color:#555">— L'équipe AVENIR</p></body></html>`;
  return { kind, to, subject, text, html };
}

export function verificationMail(to: string, firstName: string, url: string): Mail {
  return layout(
    'verification',
    to,
    'Confirmez votre adresse e-mail — AVENIR',
    [
      hello(firstName),
      'Bienvenue chez AVENIR. Pour activer votre espace client, confirmez votre adresse e-mail. Ce lien est valable 24 heures et ne peut servir qu’une fois.',
    ],
    { label: 'Confirmer mon adresse', url },
  );
}

export function accountExistsMail(to: string, firstName: string, loginUrl: string): Mail {
  return layout(
    'account_exists',
    to,
    'Tentative d’inscription — AVENIR',
    [
      hello(firstName),
      'Quelqu’un (peut-être vous) a tenté de créer un compte AVENIR avec cette adresse, qui possède déjà un espace. Si c’était vous, connectez-vous simplement. Sinon, vous pouvez ignorer ce message.',
    ],
    { label: 'Me connecter', url: loginUrl },
  );
}

export function passwordResetMail(to: string, firstName: string, url: string): Mail {
  return layout(
    'password_reset',
    to,
    'Réinitialisez votre mot de passe — AVENIR',
    [
      hello(firstName),
      'Vous avez demandé à changer le mot de passe de votre espace AVENIR. Ce lien est valable une heure et ne peut servir qu’une fois ; une fois le mot de passe changé, toutes vos sessions ouvertes sont fermées.',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    { label: 'Choisir un nouveau mot de passe', url },
  );
}

/** The one-time code of a strong authentication, repeating what it authorises. */
export function scaCodeMail(to: string, firstName: string, code: string, summary: string): Mail {
  return layout('sca_code', to, `Votre code de confirmation : ${code} — AVENIR`, [
    hello(firstName),
    `Votre code de confirmation est ${code}. Il est valable 5 minutes, pour cette opération seulement :`,
    mailSafeName(summary),
    'Si vous n’êtes pas à l’origine de cette demande, ne communiquez ce code à personne et changez votre mot de passe.',
  ]);
}

/** A sign-in from a device not seen for 90 days. */
export function newSignInMail(to: string, firstName: string, device: string, at: string): Mail {
  return layout('new_sign_in', to, 'Nouvelle connexion — AVENIR', [
    hello(firstName),
    `Nouvelle connexion à votre espace AVENIR depuis ${mailSafeName(device)}, le ${at}.`,
    'Si ce n’était pas vous, changez votre mot de passe et terminez cette session dans « Sécurité » → « Appareils connectés ».',
  ]);
}

/** A notification copied by e-mail, for a category the user chose (src/notifications/preferences.ts). */
export function notificationMail(
  to: string,
  firstName: string,
  n: { title: string; body: string },
  url: string,
): Mail {
  return layout(
    'notification',
    to,
    `${mailSafeName(n.title)} — AVENIR`,
    [hello(firstName), n.body],
    {
      label: 'Ouvrir mon espace',
      url,
    },
  );
}

/** A chat message still unread after a while (the user opted in to chat e-mails). */
export function chatUnreadMail(to: string, firstName: string, from: string, url: string): Mail {
  return layout(
    'chat_unread',
    to,
    'Nouveau message de votre conseiller — AVENIR',
    [
      hello(firstName),
      `${mailSafeName(from)} vous a écrit sur AVENIR et le message n’est pas encore lu. Pour votre sécurité, son contenu n’est pas recopié ici.`,
    ],
    { label: 'Lire le message', url },
  );
}
