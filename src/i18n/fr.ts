import type { Translations } from './types.js';
import type { en } from './en.js';

/** The core French messages (see en.ts). */
export const fr = {
  'site.name': 'Commonwise',
  'site.tagline': 'L’innovation ouverte pour les collectivités',
  'layout.skip': 'Aller au contenu principal',
  'layout.nav.label': 'Principale',
  'layout.nav.home': 'Accueil',
  'layout.nav.organisations': 'Organisations',
  'layout.nav.challenges': 'Défis',
  'people.menu.activity': 'Votre activité',
  'layout.nav.admin': 'Administration',
  'layout.account.label': 'Votre compte',
  'layout.account.signIn': 'Se connecter',
  'layout.account.signUp': 'Créer un compte',
  'layout.notifications': 'Notifications',
  'layout.unread': { one: ' ({count} non lue)', other: ' ({count} non lues)' },
  'layout.unreadMany': ' (plus de 99 non lues)',
  'layout.following': 'Suivis',
  'layout.judging': 'Évaluation',
  'layout.account.signOut': 'Se déconnecter',
  'layout.account.profile': 'Votre profil',
  'layout.account.signedInAs': 'Connecté·e en tant que {name}',
  'layout.language.label': 'Langue',
  'layout.language.switchTo': 'English',
  'layout.footer.label': 'Pied de page',
  'layout.footer.privacy': 'Politique de confidentialité',
  'layout.footer.accessibility': 'Déclaration d’accessibilité',
  'layout.footer.guidelines': 'Règles de participation',
  'layout.footer.about': 'Commonwise est un logiciel libre d’innovation ouverte pour les collectivités.',
  'layout.flash.label': 'Message',
  'layout.unconfirmed':
    'Confirmez votre adresse électronique : nous avons envoyé un lien à {email}. Tant que vous ne l’avez pas ouvert, vous pouvez lire et suivre, mais pas proposer d’idées, commenter ni soutenir.',
  'layout.unconfirmed.resend': 'Renvoyer le lien',

  'home.title': 'L’innovation ouverte pour les collectivités',
  'home.lead':
    'Les collectivités posent des défis, les habitants et les partenaires proposent et discutent des idées, et ce qui fonctionne est partagé pour que chaque collectivité en profite.',
  'home.forCitizens.title': 'Pour les habitants',
  'home.forCitizens.body':
    'Participez en quinze minutes en ligne plutôt qu’en deux heures de réunion le soir : partagez vos idées et soutenez celles qui vous plaisent.',
  'home.forCouncils.title': 'Pour les collectivités',
  'home.forCouncils.body':
    'Ouvrez un problème au-delà des murs de la mairie, collaborez avec des partenaires et publiez ce que vous avez appris.',
  'home.organisations.title': 'Les organisations sur Commonwise',
  'home.organisations.link': 'Voir toutes les organisations',
  'home.getStarted': 'Créez un compte pour participer',

  'form.errorSummary.title': 'Il y a un problème',
  'form.errorSummary.item': '{field} : {message}',
  'form.required': '(obligatoire)',
  'form.optional': '(facultatif)',
  'form.honeypot': 'Laissez ce champ vide',
  'error.honeypot': 'Ce formulaire n’a pas pu être envoyé. Si une extension du navigateur a rempli des champs à votre place, désactivez-la pour ce site et réessayez.',
  'form.save': 'Enregistrer',
  'form.cancel': 'Annuler',
  'form.expired': 'Ce formulaire a expiré : vérifiez votre saisie et envoyez-la à nouveau.',
  'form.repeated': 'Vous l’aviez déjà envoyé : il a été reçu une seule fois, le voici.',
  'form.repeatedKey': 'Ce formulaire a déjà servi. Rechargez la page et réessayez.',
  'form.charactersMax': 'Jusqu’à {max} caractères.',

  'validation.required': 'Saisissez une valeur',
  'validation.tooLong': 'Ce texte est trop long',
  'validation.tooShort': 'Ce texte est trop court',
  'validation.email': 'Saisissez une adresse électronique au format nom@exemple.org',
  'validation.url': 'Saisissez une adresse web commençant par https:// ou http://',
  'validation.choice': 'Choisissez une des options',
  'validation.password.short': 'Votre mot de passe doit comporter au moins 8 caractères',
  'validation.password.long': 'Votre mot de passe doit comporter au plus 256 caractères',
  'validation.password.common': 'Ce mot de passe est trop courant ou trop facile à deviner : évitez les mots de passe courants, les mots, les prénoms et les suites de touches (comme azerty ou qwerty), même suivis de chiffres',
  'validation.password.mismatch': 'Les mots de passe ne correspondent pas',
  'validation.password.wrong': 'Votre mot de passe actuel est incorrect',
  'validation.characters': 'Retirez les caractères de contrôle invisibles de ce texte',
  'validation.slug': 'Utilisez uniquement des lettres minuscules, des chiffres et des tirets',
  'validation.slugTaken': 'Cette adresse web est déjà prise',

  'auth.signInRequired': 'Veuillez vous connecter pour continuer.',
  'auth.confirmEmailFirst':
    'Confirmez d’abord votre adresse électronique : ouvrez le lien que nous vous avons envoyé, ou faites-le renvoyer depuis l’avis en haut de la page.',

  'locale.en': 'English',
  'locale.fr': 'Français',
  'content.language.label': 'Langue dans laquelle vous écrivez',
  'content.language.hint': 'Pour que les lecteurs d’écran et les outils de traduction le lisent dans la bonne langue.',

  'pages.privacy.title': 'Politique de confidentialité',
  'pages.accessibility.title': 'Déclaration d’accessibilité',
  'pages.guidelines.title': 'Règles de participation',

  'pagination.label': 'Pages',
  'pagination.first': 'Première page',
  'pagination.next': 'Page suivante',

  'error.notFound.title': 'Page introuvable',
  'error.notFound.body':
    'Si vous avez saisi l’adresse web, vérifiez qu’elle est correcte. Si vous avez suivi un lien, il est peut-être périmé.',
  'error.forbidden.title': 'Action non autorisée',
  'error.forbidden.body': 'Votre compte n’a pas l’autorisation d’accéder à cette page ou de faire cette action.',
  'error.unconfirmed.title': 'Confirmez d’abord votre adresse électronique',
  'error.unconfirmed.body': 'Pour faire ceci, votre adresse électronique doit être confirmée. Nous avons envoyé un lien à {email} : ouvrez-le, puis réessayez.',
  'error.unconfirmed.help': 'Rien reçu ? Cela peut prendre quelques minutes : regardez aussi dans vos courriels indésirables. Ou faites renvoyer le lien.',
  'error.conflict.title': 'Ceci a changé',
  'error.conflict.body':
    'Ceci entre en conflit avec quelque chose qui existe déjà ou vient de changer. Revenez en arrière et réessayez.',
  'error.badRequest.title': 'Cette demande pose problème',
  'error.badRequest.body': 'La demande n’a pas pu être comprise. Revenez en arrière et réessayez.',
  'error.csrf.body':
    'Votre formulaire a expiré ou provient d’un autre site. Revenez en arrière, rechargez la page et réessayez.',
  'error.method.title': 'Cette action n’est pas permise ici',
  'error.method.body': 'Cette adresse n’accepte pas ce type de demande.',
  'error.tooLarge.title': 'Trop de données',
  'error.tooLarge.body': 'Ce que vous avez envoyé dépasse la taille acceptée. Raccourcissez-le et réessayez.',
  'error.rateLimited.title': 'Trop de tentatives',
  'error.rateLimited.body': {
    one: 'Vous avez essayé trop de fois. Veuillez patienter {count} minute et réessayer.',
    other: 'Vous avez essayé trop de fois. Veuillez patienter {count} minutes et réessayer.',
  },
  'error.rateLimited.seconds': {
    one: 'Vous avez essayé trop de fois. Veuillez patienter {count} seconde et réessayer.',
    other: 'Vous avez essayé trop de fois. Veuillez patienter {count} secondes et réessayer.',
  },
  'error.server.title': 'Désolé, un problème est survenu de notre côté',
  'error.server.body':
    'Le problème a été enregistré. Veuillez réessayer plus tard. Si vous nous contactez, indiquez cette référence : {requestId}.',
  'error.unavailable.title': 'Service momentanément indisponible',
  'error.unavailable.body':
    'Commonwise ne parvient pas à joindre sa base de données pour le moment. Veuillez réessayer dans un instant. Si vous nous contactez, indiquez cette référence : {requestId}.',
  'error.home': 'Aller à l’accueil',

  'common.none': 'Aucun',
  'common.back': 'Retour',
  'common.yes': 'Oui',
  'common.no': 'Non',
  'common.labelled': '{label} : {value}',
} satisfies Translations<typeof en>;
