import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the accounts feature: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'auth.signUp.title': 'Créer un compte',
  'auth.signUp.lead':
    'Un compte est nécessaire pour proposer des idées, commenter et voter. Nous ne demandons que le nécessaire.',
  'auth.signUp.submit': 'Créer le compte',
  'auth.signUp.haveAccount': 'Vous avez déjà un compte ?',
  'auth.signUp.done.title': 'Consultez vos courriels',
  'auth.signUp.done.body':
    'Si {email} peut servir à un nouveau compte, nous y avons envoyé un lien de confirmation. Le lien est valable 24 heures.',
  'auth.field.displayName': 'Votre nom',
  'auth.field.displayName.hint': 'Affiché à côté de vos idées et commentaires.',
  'auth.field.email': 'Adresse électronique',
  'auth.field.password': 'Mot de passe',
  'auth.field.password.hint': 'Au moins 8 caractères. Quelques mots sans rapport font un mot de passe solide.',
  'auth.field.newPassword': 'Nouveau mot de passe',
  'auth.field.currentPassword': 'Mot de passe actuel',
  'auth.field.confirmPassword': 'Confirmez le nouveau mot de passe',
  'auth.signIn.title': 'Se connecter',
  'auth.signIn.submit': 'Se connecter',
  'auth.signIn.failed': 'L’adresse électronique ou le mot de passe est incorrect',
  'auth.signIn.forgot': 'Mot de passe oublié ?',
  'auth.signIn.noAccount': 'Nouveau sur Commonwise ?',
  'auth.signIn.done': 'Vous êtes connecté·e.',
  'auth.signOut.done': 'Vous êtes déconnecté·e.',
  'auth.verify.title': 'Confirmez votre adresse électronique',
  'auth.verify.done': 'Merci : votre adresse électronique est confirmée.',
  'auth.verify.invalid.title': 'Ce lien ne fonctionne pas',
  'auth.verify.invalid.body':
    'Le lien est erroné, a expiré ou a déjà été utilisé. Connectez-vous et demandez un nouveau lien de confirmation si nécessaire.',
  'auth.verify.resent': 'Nous vous avons envoyé un nouveau lien de confirmation.',
  'auth.verify.already': 'Votre adresse électronique est déjà confirmée.',
  'auth.forgot.title': 'Réinitialiser votre mot de passe',
  'auth.forgot.lead':
    'Saisissez l’adresse électronique de votre compte et nous vous enverrons un lien pour choisir un nouveau mot de passe.',
  'auth.forgot.submit': 'Envoyer le lien',
  'auth.forgot.done':
    'Si un compte utilise {email}, nous lui avons envoyé un lien pour réinitialiser le mot de passe. Le lien est valable 1 heure.',
  'auth.reset.title': 'Choisir un nouveau mot de passe',
  'auth.reset.submit': 'Enregistrer le nouveau mot de passe',
  'auth.reset.done': 'Votre mot de passe a été modifié. Connectez-vous avec votre nouveau mot de passe.',
  'auth.password.title': 'Modifier votre mot de passe',
  'auth.password.lead': 'Modifier votre mot de passe vous déconnecte partout ailleurs.',
  'auth.password.submit': 'Modifier le mot de passe',
  'auth.password.done': 'Votre mot de passe a été modifié.',
  'auth.profile.title': 'Votre profil',
  'auth.profile.bio': 'À propos de vous',
  'auth.profile.bio.hint': 'Une courte présentation, affichée avec vos contributions publiques. Jusqu’à 500 caractères.',
  'auth.profile.locale': 'Langue préférée',
  'auth.profile.done': 'Votre profil a été enregistré.',
  'auth.profile.changePassword': 'Modifier votre mot de passe',
  'auth.profile.emailUnverified': 'pas encore confirmée',
  'auth.profile.emailVerified': 'confirmée',

  'mail.verify.subject': 'Confirmez votre adresse électronique pour Commonwise',
  'mail.verify.body':
    'Bonjour {name},\n\nVeuillez confirmer votre adresse électronique en ouvrant ce lien (valable 24 heures) :\n\n{link}\n\nSi vous n’avez pas créé de compte Commonwise, ignorez ce message.',
  'mail.reset.subject': 'Réinitialisez votre mot de passe Commonwise',
  'mail.reset.body':
    'Bonjour {name},\n\nQuelqu’un a demandé à réinitialiser le mot de passe de votre compte Commonwise. Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :\n\n{link}\n\nSi ce n’était pas vous, ignorez ce message : votre mot de passe reste le même.',
  'mail.existing.subject': 'Quelqu’un a essayé de créer un compte Commonwise avec votre adresse',
  'mail.existing.body':
    'Bonjour {name},\n\nQuelqu’un a essayé de créer un nouveau compte Commonwise avec cette adresse électronique, qui a déjà un compte. Si c’était vous, connectez-vous ou réinitialisez votre mot de passe :\n\n{link}\n\nSinon, ignorez ce message.',
} satisfies Translations<typeof en>;
