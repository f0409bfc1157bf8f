/** The sign-up form's own checks, the same as the server's (src/users/profile.ts), said earlier. */
export type SignupForm = {
  civility: '' | 'madame' | 'monsieur';
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  phone: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  password: string;
  acceptTerms: boolean;
};

export const SIGNUP_REQUIRED = {
  firstName: 'Prénom requis.',
  lastName: 'Nom requis.',
  birthDate: 'Date de naissance requise.',
  email: 'Adresse e-mail requise.',
  phone: 'Téléphone requis.',
  line1: 'Adresse requise.',
  postalCode: 'Code postal requis.',
  city: 'Ville requise.',
} as const;

const ADULT = 'Vous devez être majeur pour ouvrir un compte';

export function signupProblems(form: SignupForm, today: Date) {
  const problems: Partial<Record<keyof SignupForm, string>> = {};
  if (!form.civility) problems.civility = 'Civilité requise.';
  for (const [key, message] of Object.entries(SIGNUP_REQUIRED) as [keyof SignupForm, string][])
    if (!String(form[key]).trim()) problems[key] = message;
  if (form.birthDate && !problems.birthDate) {
    const [y, m, d] = form.birthDate.split('-').map(Number);
    if (Date.UTC(y + 18, m - 1, d) > today.getTime()) problems.birthDate = ADULT;
  }
  if (form.postalCode.trim() && !/^\d{5}$/.test(form.postalCode.trim()))
    problems.postalCode = 'Code postal : 5 chiffres.';
  if (!form.password) problems.password = 'Mot de passe requis.';
  else if (form.password.length < 10) problems.password = 'Au moins 10 caractères.';
  if (!form.acceptTerms)
    problems.acceptTerms = 'Acceptez les conditions générales et la politique de confidentialité.';
  return problems;
}

/** POST /api/auth/register's body (API.md « Auth »). */
export function toRegisterBody(form: SignupForm) {
  return {
    email: form.email.trim(),
    password: form.password,
    firstName: form.firstName,
    lastName: form.lastName,
    civility: form.civility,
    birthDate: form.birthDate,
    address: {
      line1: form.line1,
      ...(form.line2.trim() ? { line2: form.line2 } : {}),
      postalCode: form.postalCode.trim(),
      city: form.city,
      country: 'FR',
    },
    phone: form.phone,
    acceptTerms: form.acceptTerms,
  };
}
